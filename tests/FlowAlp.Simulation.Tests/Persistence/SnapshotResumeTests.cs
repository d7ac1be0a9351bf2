using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using Microsoft.Data.Sqlite;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// State snapshots: a run stopped after a snapshot and resumed restores the engine from it (no step before it runs
/// again) and finishes with the same event log, time series and summary as the run never stopped, on shipped scenarios
/// (chaos included), both engines and both journaling modes. Taking snapshots does not change a run either.
/// </summary>
public sealed class SnapshotResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"flowalp-snap-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Theory]
    [InlineData("config/scenarios/default.json", "actors", "checkpoint")]
    [InlineData("config/scenarios/default.json", "plain", "events")]
    [InlineData("config/scenarios/hightide-vs-passive.json", "actors", "events")]
    [InlineData("config/scenarios/hightide-keepers.json", "actors", "checkpoint")]
    [InlineData("config/scenarios/hightide-keepers.json", "plain", "events")]
    [InlineData("config/scenarios/btc-daily-history.json", "actors", "checkpoint")] // bridged CSV prices, CSV rate changes, profile mixes
    [InlineData("config/scenarios/presets/flow-exploit-2025.json", "plain", "checkpoint")]
    [InlineData("config/scenarios/chaos/message-loss-1pct.json", "actors", "checkpoint")]
    [InlineData("config/scenarios/chaos/actor-kill-storm.json", "actors", "checkpoint")]
    [InlineData("config/scenarios/chaos/oracle-freeze-during-crash.json", "plain", "checkpoint")]
    [InlineData("config/scenarios/chaos/funder-exhaustion.json", "actors", "checkpoint")]
    [InlineData("config/scenarios/chaos/liquidity-crunch.json", "actors", "events")]
    [InlineData("config/scenarios/chaos/chain-halt-flow-exploit.json", "plain", "checkpoint")]
    [InlineData("config/scenarios/chaos/scheduler-outage-during-crash.json", "actors", "checkpoint")]
    public async Task A_run_stopped_after_a_snapshot_resumes_from_it_and_ends_as_if_never_stopped(string file, string engine, string mode)
    {
        var kind = engine == "plain" ? EngineKind.Plain : EngineKind.Actors;
        var loaded = ScenarioParser.Load(Path.Combine(Repo.Root, file));
        int every = (int)Math.Max(1, loaded.Steps / 12);
        var s = loaded with { Persistence = new PersistenceSpec(mode == "events" ? PersistenceMode.Events : PersistenceMode.Checkpoint, every) };
        string name = Path.GetFileNameWithoutExtension(file);

        var clean = await Run(s, kind, "clean", $"{name}-clean");
        var plain = await SimulationRunner.Run(s with { Persistence = new PersistenceSpec(PersistenceMode.Off) }, kind, systemName: $"{name}-off");
        Assert.Equal(plain.EventLogSha256, clean.Result.EventLogSha256); // snapshots leave the run as it was

        // stop it part-way (between a snapshot and the next), as a crash would; then resume
        long stopAt = (long)(s.Steps * 0.55);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(s, kind, "stopped", $"{name}-stopped", stopAt));
        long snapshotStep;
        await using (var j = await RunJournal.Open(s.Persistence, Dir("stopped"), "sha", engine, "stopped"))
        {
            var snap = RunSnapshot.Parse(j.State.Snapshot!);
            snapshotStep = snap.Step;
            Assert.InRange(snapshotStep, stopAt - every, stopAt);
            Assert.Equal(0, snapshotStep % every);
        }
        var resumed = await Run(s, kind, "stopped", $"{name}-resumed", resume: true);

        Assert.Equal(clean.Result.EventCount, resumed.Result.EventCount);
        Assert.Equal(clean.Result.EventLogSha256, resumed.Result.EventLogSha256);
        Assert.True(resumed.Result.EventCount > 1000, $"{resumed.Result.EventCount} events");
        Assert.Equal(File.ReadAllBytes(clean.Events), File.ReadAllBytes(resumed.Events));
        Assert.Equal(File.ReadAllBytes(clean.Series), File.ReadAllBytes(resumed.Series));
        Assert.Equal(RunReport.Summary(clean.Result).ToJsonString(), RunReport.Summary(resumed.Result).ToJsonString());
        Assert.Equal(clean.Result.Samples.Count, resumed.Result.Samples.Count);
        // it did not run the steps before the snapshot again: its log's first new line is the one after the snapshot's
        Assert.True(resumed.FirstStep > snapshotStep, $"first step run {resumed.FirstStep}, snapshot {snapshotStep}");
    }

    private string Dir(string name) => Path.Combine(_root, name);

    private sealed record Outcome(SimulationResult Result, string Events, string Series, long FirstStep);

    /// <summary>A journaled run as `flowalp run` does it (event log and time series streamed to the folder); cancelled at <paramref name="stopAt"/>.</summary>
    private async Task<Outcome> Run(Scenario s, EngineKind kind, string dir, string system, long stopAt = -1, bool resume = false)
    {
        string d = Dir(dir);
        Directory.CreateDirectory(d);
        string events = Path.Combine(d, "events.jsonl"), series = Path.Combine(d, "timeseries.csv");
        using var cancel = new CancellationTokenSource();
        long firstStep = long.MaxValue;
        using var stream = new TimeSeriesStream(s, series, keep: resume);
        await using var journal = await RunJournal.Open(s.Persistence, d, "sha", kind == EngineKind.Plain ? "plain" : "actors", dir, fresh: !resume);
        var result = await SimulationRunner.Run(s, kind, p =>
        {
            firstStep = Math.Min(firstStep, (long)p.Step);
            if (stopAt >= 0 && (long)p.Step >= stopAt) cancel.Cancel();
        }, cancel.Token, systemName: system, eventLogFile: events, journal: journal, onSample: stream.Add, series: stream);
        stream.Flush();
        return new Outcome(result, events, series, firstStep);
    }
}
