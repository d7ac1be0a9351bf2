using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// A population's <c>rebalanceIntervalSeconds</c>: a number or a distribution each agent draws its rebalancer's interval
/// from (whole seconds, 1 s – 365 days), in place of <c>rebalancers.intervalSeconds</c>. Absent: the scenario's interval,
/// and no random draw (so a population without it draws exactly as before).
/// </summary>
internal static class RebalanceIntervals
{
    public const string Field = "rebalanceIntervalSeconds";
    public const double MaxSeconds = 86_400 * 365;

    public static Dist? Read(JsonReader p, RebalancerKind rebalancer, Func<JsonReader, string, double, double, Dist> parse)
    {
        if (p.Optional(Field) is null) return null;
        if (rebalancer == RebalancerKind.None) throw p.Error(Field, "a population without a rebalancer has no interval (rebalancer is 'none')");
        return parse(p, Field, 1, MaxSeconds);
    }

    /// <summary>An agent's interval: drawn (rounded to whole seconds, at least 1) or the scenario's.</summary>
    public static ulong Draw(PopulationSpec population, Random rng, ulong scenarioInterval) =>
        population.RebalanceInterval is { } d ? (ulong)Math.Max(1, Math.Round(d.Sample(rng))) : scenarioInterval;
}
