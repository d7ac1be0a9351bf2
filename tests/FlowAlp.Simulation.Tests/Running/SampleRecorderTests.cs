using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Tests.Scenarios;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Tests.Running;

/// <summary>Long runs keep a bounded series in RAM and stream every sample to disk.</summary>
public class SampleRecorderTests
{
    private static MetricsSample Sample(ulong t, ulong badDebt) =>
        new(UFix64.FromInteger(t), [], 1, 0, 0, [], UFix128.FromInteger(badDebt), UFix64.Zero, UFix64.Zero, new EngineTotals(0, 0, 0, 0, 0));

    [Fact]
    public void Beyond_its_capacity_it_keeps_every_nth_sample_and_the_exact_extremes()
    {
        var streamed = new List<ulong>();
        var r = new SampleRecorder(capacity: 8, sink: m => streamed.Add(m.Time.Floor));
        for (ulong t = 0; t < 100; t++) r.Add(Sample(t, t == 37 ? 5UL : 1UL));

        Assert.Equal(100, r.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ulong)i), streamed); // the sink saw every sample, in order
        Assert.Equal(16, r.Stride); // 8 → 16 → 32 → 64 → 128 samples seen: the stride doubled four times
        // multiples of the stride, then the last sample
        Assert.Equal(new ulong[] { 0, 16, 32, 48, 64, 80, 96, 99 }, r.Kept().Select(m => m.Time.Floor));
        Assert.Equal(UFix128.FromInteger(5), r.BadDebtMax); // sample 37 was dropped from RAM, its bad debt was not
    }

    [Fact]
    public void Under_its_capacity_it_keeps_everything()
    {
        var r = new SampleRecorder(capacity: 8);
        for (ulong t = 0; t < 8; t++) r.Add(Sample(t, 0));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong)i), r.Kept().Select(m => m.Time.Floor));
        Assert.Equal(1, r.Stride);
    }

    /// <summary>The streamed timeseries.csv is byte for byte the one the report writes from the same samples.</summary>
    [Fact]
    public async Task The_streamed_time_series_equals_the_reports()
    {
        var dir = Directory.CreateTempSubdirectory("flowalp-stream-").FullName;
        try
        {
            var s = TestScenarios.Parse();
            var streamedPath = Path.Combine(dir, "streamed.csv");
            SimulationResult result;
            using (var stream = new TimeSeriesStream(s, streamedPath))
                result = await SimulationRunner.Run(s, EngineKind.Plain, onSample: stream.Add);
            RunReport.Write(result, Path.Combine(dir, "report"));

            Assert.Equal(result.Samples.Count, result.SampleCount); // a six-hour run is far under the capacity
            Assert.Equal(73, result.SampleCount); // the start, then every 5 of 360 steps
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "report", "timeseries.csv")), File.ReadAllBytes(streamedPath));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
