using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Tests.Snapshots;

/// <summary>
/// A state snapshot written by an earlier build (checked in under fixtures/, see the README there) restores in this one
/// and carries on exactly as a fresh run; a change of the recorded schema (a field renamed, a field's type, the schema
/// version) is refused with one line naming it; and the stable names the schema uses are unique over the allow-list.
/// </summary>
public class SnapshotFixtureTests
{
    /// <summary>Set to 1 to write the fixture again from this build (into the source folder), e.g. after a deliberate schema change.</summary>
    public const string RegenerateVariable = "FLOWALP_REGENERATE_SNAPSHOT_FIXTURE";
    private const string Name = "plain-loop-12x1800";
    private const ulong SnapshotAt = 1800, RunTo = 3600;

    /// <summary>A small engine: 12 positions of the reference market, the plain loop, its price path supplied (not held) by the driver.</summary>
    private static (PlainLoop Loop, TickMarket Market, IPricePath Path) Start()
    {
        var market = new TickMarket(12);
        var path = market.FlowPrice();
        var loop = new PlainLoop(market.Setup(), new EventLogOptions(), wakeEveryone: false);
        foreach (var step in market.OpenPositions()) loop.Step(step);
        loop.AddOracle("FLOW", path);
        for (long p = 0; p < market.Positions; p++) loop.AddRebalancer(p, market.Rebalancer());
        loop.EnableRebalanceSupervisor();
        loop.UseDex(market.Dex());
        for (int l = 0; l < market.Liquidators; l++) loop.AddLiquidator($"liq-{l}", $"liquidator-{l}");
        return (loop, market, path);
    }

    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Snapshots", "fixtures");
    private static string SourceFixtures([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "fixtures");

    /// <summary>The checked-in state and the event lines the run had logged when it was taken.</summary>
    private static (byte[] State, string[] Lines) Fixture() =>
        (File.ReadAllBytes(Path.Combine(Fixtures, $"{Name}.snap")), File.ReadAllLines(Path.Combine(Fixtures, $"{Name}.events.jsonl")));

    /// <summary>Where the log stood (as the journal would have recorded it), rebuilt from the kept lines.</summary>
    private static EventLogCheckpoint Checkpoint(string[] lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in lines) { hash.AppendData(Encoding.UTF8.GetBytes(line)); hash.AppendData("\n"u8); }
        return new EventLogCheckpoint(lines.Length, 0, Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant(), lines);
    }

    private static PlainLoop Restore(byte[] state, string[] lines) =>
        PlainLoop.Restore(new EngineSnapshot(state, Checkpoint(lines)), [new TickMarket(12).FlowPrice()], new EventLogOptions());

    [Fact]
    public void Regenerates_the_fixture_when_asked()
    {
        if (Environment.GetEnvironmentVariable(RegenerateVariable) != "1") return; // the checked-in fixture is what the other tests read
        var (loop, market, path) = Start();
        foreach (var t in market.Ticks(SnapshotAt)) loop.Tick(t);
        var snap = loop.Capture([path]);
        Directory.CreateDirectory(SourceFixtures());
        File.WriteAllBytes(Path.Combine(SourceFixtures(), $"{Name}.snap"), snap.State);
        File.WriteAllLines(Path.Combine(SourceFixtures(), $"{Name}.events.jsonl"), snap.Log.Lines!);
        loop.Core.Log.Dispose();
        Assert.Equal(snap.Log.Count, File.ReadAllLines(Path.Combine(SourceFixtures(), $"{Name}.events.jsonl")).Length);
    }

    [Fact]
    public void A_checked_in_snapshot_from_an_earlier_build_restores_and_continues_like_a_fresh_run()
    {
        var (state, lines) = Fixture();
        Assert.True(lines.Length > 50, $"the fixture logged only {lines.Length} events");
        var restored = Restore(state, lines);

        var (fresh, market, _) = Start();
        foreach (var t in market.Ticks(SnapshotAt)) fresh.Tick(t);
        Assert.Equal(lines, fresh.Core.Log.Lines); // the fixture is this build's run up to the snapshot
        foreach (var t in market.Ticks(RunTo).Where(t => t > UFix64.FromInteger(SnapshotAt))) { fresh.Tick(t); restored.Tick(t); }

        Assert.True(fresh.Core.Log.Count > lines.Length + 20, $"the second half hour logged {fresh.Core.Log.Count - lines.Length} events");
        Assert.Equal(fresh.Core.Log.Lines.Skip(lines.Length), restored.Core.Log.Lines.Skip(lines.Length));
        Assert.Equal(fresh.Core.Log.Count, restored.Core.Log.Count);
        Assert.Equal(fresh.Core.Log.Sha256(), restored.Core.Log.Sha256());
        fresh.Core.Log.Dispose();
        restored.Core.Log.Dispose();
    }

    private static string Refusal(byte[] state, string[] lines)
    {
        var e = Assert.Throws<SnapshotException>(() => Restore(state, lines));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void A_field_renamed_in_the_recorded_schema_is_refused_with_one_line_naming_it()
    {
        var (state, lines) = Fixture();
        string root = StableNames.Of(typeof(PlainLoop));
        string field = typeof(PlainLoop).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).OrderBy(f => f.MetadataToken).First().Name;
        // as if the build that wrote it called the field something else: this build's field is new, the old one is gone
        var renamed = SnapshotBytes.WithSchema(state, s => SnapshotBytes.ReplaceInEntry(s, root, field, field + "Old"));
        Assert.Equal($"state snapshot schema differs: {root}: field {field} is new in this build", Refusal(renamed, lines));
    }

    [Fact]
    public void A_field_whose_recorded_type_differs_is_refused_with_one_line_naming_both_types()
    {
        var (state, lines) = Fixture();
        // UFix64 holds its value as one UInt64 field, Raw; the snapshot says it was an Int64
        var changed = SnapshotBytes.WithSchema(state, s => SnapshotBytes.ReplaceInEntry(s, "UFix64", "UInt64", "Int64"));
        Assert.Equal("state snapshot schema differs: UFix64: field Raw changed type (was Int64, now UInt64)", Refusal(changed, lines));
    }

    [Fact]
    public void A_snapshot_of_another_schema_version_is_refused_with_one_line()
    {
        var (state, lines) = Fixture();
        Assert.Equal($"state schema version {StateSchema.Version + 1}, this build reads {StateSchema.Version}",
            Refusal(SnapshotBytes.WithVersion(state, StateSchema.Version + 1), lines));
        Assert.Equal($"state schema version {StateSchema.Version - 1}, this build reads {StateSchema.Version}",
            Refusal(SnapshotBytes.WithVersion(state, StateSchema.Version - 1), lines));
    }

    [Fact]
    public void Stable_names_are_unique_over_the_allow_list_and_name_no_namespace()
    {
        SnapshotRegistry.AllowAssembly(typeof(SnapshotFixtureTests).Assembly);
        var all = SnapshotTypes.All;
        Assert.True(all.Count > 100, $"{all.Count} allow-listed types");
        var shared = all.GroupBy(e => e.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(shared);
        Assert.Equal("PoolCore", all[typeof(PoolCore)]);
        Assert.Equal("UFix64", all[typeof(UFix64)]);
        Assert.Equal("Dictionary`2", all[typeof(Dictionary<,>)]);
        Assert.Equal("SnapshotFixtureTests.Clash", all[typeof(Clash)]);
        Assert.Equal("Dictionary`2<String, List`1<UFix64>>", StableNames.Of(typeof(Dictionary<string, List<UFix64>>)));
        Assert.Equal("UFix64[]", StableNames.Of(typeof(UFix64[])));
        Assert.DoesNotContain(all.Values, n => n.StartsWith("FlowAlp.", StringComparison.Ordinal) || n.StartsWith("System.", StringComparison.Ordinal));
        // a [StateName] renames a type (how two types of one simple name are told apart)
        Assert.Equal("fixture-renamed", all[typeof(Renamed)]);
        var bytes = ObjectGraph.Write(new Renamed { Value = 5 });
        Assert.True(SnapshotBytes.Unpack(bytes).Schema.AsSpan().IndexOf(SnapshotBytes.Prefixed("fixture-renamed")) >= 0);
        Assert.Equal(5, ObjectGraph.Read<Renamed>(bytes).Value);
    }

    private sealed class Clash { public int Value = 1; }
    [Protocol.StateName("fixture-renamed")] private sealed class Renamed { public int Value = 1; }
}
