using System.Globalization;
using System.Text.RegularExpressions;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Optimization;

/// <summary>What one evaluation's runs say about a constraint: the statistic, the bound compared with the threshold, and the counts behind a share.</summary>
/// <param name="Statistic">survival / liquidated: the pooled share; badDebtVaR: the mean of the runs' largest bad debt</param>
/// <param name="Bound">survival: its lower confidence bound; liquidated: its upper bound; badDebtVaR: the empirical VaR</param>
public sealed record ConstraintResult(bool Passes, double Statistic, double Bound, long? Successes, long? Trials);

/// <summary>
/// A constraint of <c>flowalp optimize</c> over one evaluation's seeds (untrusted text from the command line):
/// <list type="bullet">
/// <item><c>survival[POP]&gt;=P@C</c>: the borrowers of population POP never liquidated, pooled over every seed
/// (Σ survivors / Σ positions), have a one-sided Clopper–Pearson lower bound at confidence C of at least P. Without
/// <c>@C</c> the share itself is compared.</item>
/// <item><c>liquidated[POP]&lt;=P@C</c>: the pooled share of POP's borrowers liquidated at least once has an upper bound ≤ P.</item>
/// <item><c>badDebtVaRQ&lt;=X</c>: the empirical Q % quantile over the seeds of each run's largest bad debt
/// (<c>totals.badDebtMax</c>, MOET; <see cref="Stats.ValueAtRisk"/>) is at most X.</item>
/// </list>
/// <c>[POP]</c> may be left out when the searched parameter lies under <c>populations[k]</c> (that population) or the
/// scenario has a single borrower population. Pooling treats borrowers as independent trials; borrowers of one seed
/// share its price path, so the pooled bound is a statement about the population's borrowers over these seeds, and
/// is tighter than a bound per seed would be.
/// </summary>
public sealed partial record OptimizeConstraint(string Text, string Metric, string? Population, double Threshold, double? Confidence, double? Level)
{
    public const string Survival = "survival", Liquidated = "liquidated", BadDebtVaR = "badDebtVaR";

    private const string Forms = "survival>=0.99@0.95, survival[NAME]>=P@C, liquidated[NAME]<=P@C or badDebtVaR99<=X";

    public static OptimizeConstraint Parse(string text)
    {
        if (ShareForm().Match(text) is { Success: true } m)
        {
            string metric = m.Groups["metric"].Value, op = m.Groups["op"].Value;
            if (metric == Survival && op != ">=") throw Bad($"'{text}': survival takes >= (a floor on the share of borrowers never liquidated)");
            if (metric == Liquidated && op != "<=") throw Bad($"'{text}': liquidated takes <= (a ceiling on the share of borrowers liquidated)");
            double p = Number(text, m.Groups["p"].Value);
            if (!(p >= 0 && p <= 1)) throw Bad($"'{text}': the share {m.Groups["p"].Value} must be between 0 and 1");
            double? c = null;
            if (m.Groups["c"].Success)
            {
                c = Number(text, m.Groups["c"].Value);
                if (!(c > 0 && c < 1)) throw Bad($"'{text}': the confidence {m.Groups["c"].Value} must be between 0 and 1 (exclusive), e.g. @0.95");
            }
            string? pop = m.Groups["pop"].Success ? m.Groups["pop"].Value.Trim() : null;
            if (pop is { Length: 0 }) throw Bad($"'{text}': the population's name is empty");
            return new OptimizeConstraint(text.Trim(), metric, pop, p, c, null);
        }
        if (VaRForm().Match(text) is { Success: true } v)
        {
            if (v.Groups["op"].Value != "<=") throw Bad($"'{text}': badDebtVaR takes <= (a ceiling on the bad debt)");
            double level = Number(text, v.Groups["q"].Value);
            if (!(level > 0 && level < 100)) throw Bad($"'{text}': the VaR level {v.Groups["q"].Value} must be between 0 and 100 (exclusive), e.g. badDebtVaR99");
            double x = Number(text, v.Groups["x"].Value);
            if (!(x >= 0)) throw Bad($"'{text}': the bad debt ceiling must be 0 or more (MOET)");
            return new OptimizeConstraint(text.Trim(), BadDebtVaR, null, x, null, level / 100);
        }
        if (text.Contains('@') && VaRForm().IsMatch(text[..text.IndexOf('@')]))
            throw Bad($"'{text}': badDebtVaR takes no @confidence (it is an empirical quantile; its level is in its name)");
        throw Bad($"'{text}' must look like {Forms}");
    }

    /// <summary>
    /// The constraint with its population resolved against the scenario: the one named, else the population the searched
    /// parameter lies under, else the scenario's only borrower population.
    /// </summary>
    public OptimizeConstraint For(Scenario scenario, string parameterPath)
    {
        if (Metric == BadDebtVaR) return this;
        var borrowers = scenario.Populations.Where(p => !p.IsLp).Select(p => p.Name).ToList();
        string? name = Population;
        if (name is null && PopulationIndex().Match(parameterPath) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < scenario.Populations.Count)
            name = scenario.Populations[k].Name;
        if (name is null && borrowers.Count == 1) name = borrowers[0];
        if (name is null) throw Bad($"'{Text}': name the population, e.g. {Metric}[{borrowers.FirstOrDefault() ?? "NAME"}] (the scenario's borrowers: {string.Join(", ", borrowers)})");
        var pop = scenario.Populations.FirstOrDefault(p => p.Name == name)
            ?? throw Bad($"'{Text}': '{name}' is not a population of the scenario (its borrowers: {string.Join(", ", borrowers)})");
        if (pop.IsLp) throw Bad($"'{Text}': '{name}' is an LP population (it has no debt to be liquidated)");
        return this with { Population = name };
    }

    /// <summary>Decides the constraint on one evaluation's runs (every seed at one parameter value).</summary>
    public ConstraintResult Evaluate(IReadOnlyList<SweepRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("runs: an evaluation has at least one run", nameof(runs));
        if (Metric == BadDebtVaR)
        {
            var losses = runs.Select(r => Value(r, SweepTable.BadDebt)).ToArray();
            double var = Stats.ValueAtRisk(losses, Level!.Value);
            return new ConstraintResult(var <= Threshold, Stats.Mean(losses), var, null, null);
        }
        long positions = runs.Sum(r => Count(r, "positions")), liquidated = runs.Sum(r => Count(r, "liquidatedPositions"));
        if (positions == 0) throw new SimulationException($"population {Population}: no positions to count");
        if (Metric == Survival)
        {
            long survived = positions - liquidated;
            double share = (double)survived / positions, lower = Confidence is { } c ? ProportionBounds.Lower(survived, positions, c) : share;
            return new ConstraintResult(lower >= Threshold, share, lower, survived, positions);
        }
        double liquidatedShare = (double)liquidated / positions, upper = Confidence is { } cu ? ProportionBounds.Upper(liquidated, positions, cu) : liquidatedShare;
        return new ConstraintResult(upper <= Threshold, liquidatedShare, upper, liquidated, positions);
    }

    /// <summary>What the statistic and the bound are, for frontier.json and the page.</summary>
    public (string Statistic, string Bound) Describe() => Metric switch
    {
        Survival => ($"share of {Population}'s borrowers never liquidated, pooled over the seeds",
            Confidence is { } c ? $"its one-sided Clopper–Pearson lower bound at {c.ToString(CultureInfo.InvariantCulture)} confidence" : "the share itself (no confidence level given)"),
        Liquidated => ($"share of {Population}'s borrowers liquidated at least once, pooled over the seeds",
            Confidence is { } c ? $"its one-sided Clopper–Pearson upper bound at {c.ToString(CultureInfo.InvariantCulture)} confidence" : "the share itself (no confidence level given)"),
        _ => ("mean over the seeds of each run's largest bad debt (totals.badDebtMax, MOET)",
            $"its empirical {(Level!.Value * 100).ToString(CultureInfo.InvariantCulture)} % quantile over the seeds (VaR)"),
    };

    private long Count(SweepRun run, string metric) => (long)Math.Round(Value(run, $"populations.{Population}.{metric}"));

    private static double Value(SweepRun run, string name) =>
        run.Metrics.FirstOrDefault(m => m.Name == name)?.Value ?? throw new SimulationException($"seed {run.Seed}: the summary has no {name}");

    private static double Number(string text, string number) =>
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Bad($"'{text}': '{number}' is not a number");

    private static ScenarioException Bad(string reason) => ScenarioException.Argument("constraint", reason);

    [GeneratedRegex(@"^\s*(?<metric>survival|liquidated)\s*(?:\[(?<pop>[^\]]*)\])?\s*(?<op>>=|<=|=>|=<|>|<|=)\s*(?<p>[^@\s]+)\s*(?:@\s*(?<c>\S+))?\s*$")]
    private static partial Regex ShareForm();

    [GeneratedRegex(@"^\s*badDebtVaR(?<q>[0-9]+(?:\.[0-9]+)?)\s*(?<op>>=|<=|=>|=<|>|<|=)\s*(?<x>[^@\s]+)\s*$")]
    private static partial Regex VaRForm();

    [GeneratedRegex(@"^populations\[([0-9]+)\]")]
    private static partial Regex PopulationIndex();
}
