using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Sweeps;

/// <summary>Sweeps: the grid is the product of the axes, runs are ordered by grid point and seed whatever the parallelism, and the aggregates are right.</summary>
public class SweepTests
{
    private static readonly IReadOnlyList<(string, IReadOnlyList<string>)> Interval = [("rebalancers.intervalSeconds", ["600", "1200"])];

    [Fact]
    public async Task A_grid_over_seeds_aggregates_per_point_and_does_not_depend_on_parallelism()
    {
        var serial = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, Interval, 1, 3, 1, EngineKind.Plain);
        var parallel = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, Interval, 1, 3, 2, EngineKind.Plain);
        Assert.Equal(6, serial.Count);
        Assert.Equal(serial.Select(r => (r.Point, r.Seed, r.Summary.ToJsonString())), parallel.Select(r => (r.Point, r.Seed, r.Summary.ToJsonString())));
        Assert.Equal(["rebalancers.intervalSeconds=600", "rebalancers.intervalSeconds=600", "rebalancers.intervalSeconds=600",
            "rebalancers.intervalSeconds=1200", "rebalancers.intervalSeconds=1200", "rebalancers.intervalSeconds=1200"], serial.Select(r => r.Point));
        Assert.Equal([1UL, 2, 3, 1, 2, 3], serial.Select(r => r.Seed));
        // each run says itself whether it conserved tokens (the CLI's exit code), as its summary does
        Assert.Equal(serial.Select(r => r.Summary["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>())), serial.Select(r => r.Conserved));
        Assert.All(serial, r => Assert.True(r.Conserved));

        var agg = SweepRunner.Aggregate(serial);
        var at600 = agg["rebalancers.intervalSeconds=600"]!;
        var at1200 = agg["rebalancers.intervalSeconds=1200"]!;
        Assert.Equal(3, at600["runs"]!.GetValue<int>());
        // every seed: rebalancing borrowers all survive, passive ones none (a 35 % crash from health ≤ 1.3)
        Assert.Equal(1.0, at600["populations"]!["rebalancing"]!["survivalRate"]!["mean"]!.GetValue<double>());
        Assert.Equal(0.0, at600["populations"]!["passive"]!["survivalRate"]!["ci95High"]!.GetValue<double>());
        // fees per position: 6 h / 600 s = 36 runs + the booking at creation = 37 fees, at 1200 s 18 + 1 = 19
        Assert.Equal(37 * 0.00105, at600["populations"]!["rebalancing"]!["rebalancerFeesPerPosition"]!["mean"]!.GetValue<double>(), 8);
        Assert.Equal(19 * 0.00105, at1200["populations"]!["rebalancing"]!["rebalancerFeesPerPosition"]!["mean"]!.GetValue<double>(), 8);
        Assert.True(at600["allConserved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_grid_is_the_product_of_the_axes_and_bad_overrides_name_the_field()
    {
        var grid = SweepRunner.Grid([("a", ["1", "2"]), ("b", ["x", "y", "z"])]);
        Assert.Equal(6, grid.Count);
        Assert.Equal("a=2 b=z", grid[^1].Label);
        var e = Assert.Throws<ScenarioException>(() => ScenarioOverrides.ParseAxis("seeds"));
        // the argument is named neutrally ("set"); the CLI says it as --set
        Assert.Equal(("set", true, "'seeds' must look like path=value[,value…]"), (e.Field, e.IsArgument, e.Reason));
        Assert.Equal("set: 'seeds' must look like path=value[,value…]", e.Message);
        var missing = await Assert.ThrowsAsync<ScenarioException>(() => SweepRunner.Run(TestScenarios.Crash, Repo.Root, [("rebalancers.nope.x", ["1"])], 1, 1, 1, EngineKind.Plain));
        Assert.Equal("set: 'rebalancers.nope.x': 'rebalancers.nope' does not exist in the scenario", missing.Message);
        var invalid = await Assert.ThrowsAsync<ScenarioException>(() => SweepRunner.Run(TestScenarios.Crash, Repo.Root, [("rebalancers.intervalSeconds", ["0"])], 1, 1, 1, EngineKind.Plain));
        Assert.Equal("rebalancers.intervalSeconds: must be between 1 and 31536000, got 0", invalid.Message);
        Assert.False(invalid.IsArgument); // a scenario field, said as its JSON path
    }
}
