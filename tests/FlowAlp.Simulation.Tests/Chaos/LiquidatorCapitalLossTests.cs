using System.Text.Json.Nodes;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// liquidatorCapitalLoss on the crash scenario (FLOW −35 % between hour 2 and 3; two keepers with 100 000 MOET each):
/// the keepers hold 0.1 % of their capital for 1.5 h, their offers are rejected for want of funds exactly then, the
/// capital comes back to the unit, every live invariant holds at every step, and both engines write the same log.
/// </summary>
public class LiquidatorCapitalLossTests
{
    private const string Fault = """[ { "kind": "liquidatorCapitalLoss", "fraction": 0.999, "atHours": 2, "durationHours": 1.5 } ]""";

    private static List<(ulong T, JsonNode Event)> Lines(SimulationResult r, string type) => r.EventLog.Select(l => JsonNode.Parse(l)!)
        .Where(j => j["event"]!["type"]!.GetValue<string>() == type)
        .Select(j => (ulong.Parse(j["t"]!.GetValue<string>().Split('.')[0]), j["event"]!)).ToList();

    [Fact]
    public async Task Liquidators_short_of_capital_see_their_offers_rejected_until_it_comes_back()
    {
        var (r, s) = await FaultTests.Run(Fault); // invariants every step: none violated, every token conserved
        Assert.Equal(["drain MOET of 2 accounts (×0.99900000)", "restore MOET of 2 accounts"], r.Chaos!.Injected.Select(i => i.Description));
        Assert.Equal([7200UL, 12_600UL], r.Chaos.Injected.Select(i => i.Time));
        // 2 × 100 000 × 0.999 leaves for the escrow, and exactly that comes back
        Assert.Equal(["199800.00000000", "199800.00000000"], Lines(r, "FaultInjected").Select(l => l.Event["detail"]!.GetValue<string>()));

        var shortOf = Lines(r, "LiquidationOfferRejected").Where(l => l.Event["reason"]!.GetValue<string>().StartsWith("account ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(shortOf);
        Assert.All(shortOf, l => Assert.InRange(l.T, 7200UL, 12_600UL - 60)); // only while short
        Assert.All(shortOf, l => Assert.Matches(@"^account keeper-[01] holds \d+\.\d{8} MOET, less than \d+\.\d{8}$", l.Event["reason"]!.GetValue<string>()));
        Assert.StartsWith("account keeper-0 holds 100.00000000 MOET, less than ", shortOf[0].Event["reason"]!.GetValue<string>()); // 0.1 % of 100 000 left

        var baseline = await FaultTests.BaselineRun.Value;
        Assert.DoesNotContain(Lines(baseline, "LiquidationOfferRejected"), l => l.Event["reason"]!.GetValue<string>().StartsWith("account ", StringComparison.Ordinal));
        long during = FaultTests.Window(s, 0)["liquidationsDuring"]!.GetValue<long>();
        long baselineDuring = Lines(baseline, "LiquidationExecuted").Count(l => l.T >= 7200 && l.T < 12_600);
        Assert.Equal(80, baselineDuring);
        Assert.Equal(2, during); // the two offers that 100 MOET (then what was left) could pay for
        Assert.Equal([9600UL, 10_020UL], Lines(r, "LiquidationExecuted").Where(l => l.T < 12_600).Select(l => l.T));
        Assert.Equal(20, Lines(r, "LiquidationExecuted").Count(l => l.T == 12_600)); // the first block with the capital back clears the backlog
    }

    [Fact]
    public async Task Both_engines_write_the_same_log()
    {
        var (plain, _) = await FaultTests.Run(Fault);
        var (actors, _) = await FaultTests.Run(Fault, EngineKind.Actors, "capital-loss");
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
    }

    [Theory]
    [InlineData("""{ "kind": "liquidatorCapitalLoss", "fraction": 1.5, "atHours": 1 }""", "faults[0].fraction: must be between 0 and 1, got 1.5")]
    [InlineData("""{ "kind": "liquidatorCapitalLoss", "population": "passive", "atHours": 1 }""", "faults[0].population: unknown field")]
    public void Bad_fields_are_one_line(string fault, string message) =>
        Assert.Equal(message, Assert.Throws<Simulation.Scenarios.ScenarioException>(() => FaultTests.WithFaults($"[{fault}]")).Message);
}
