namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// The documented upper bounds of a scenario (config/scenarios/README.md, "Limits"). They keep every input finite: a
/// run ends in a bounded number of steps, amounts stay inside UFix64, files fit in memory. The shipped scenarios and
/// the 1M/10M-position benchmarks sit well inside them.
/// </summary>
public static class ScenarioLimits
{
    /// <summary>Ten years of 365 days: any simulated time (run length, fault times, price points).</summary>
    public const double MaxDurationHours = 87_600;
    /// <summary>Steps in one run (durationHours × 3600 ÷ stepSeconds).</summary>
    public const long MaxSteps = 10_000_000;
    /// <summary>Agents in one population, and in all populations together.</summary>
    public const long MaxPopulationCount = 10_000_000;
    public const long MaxTotalAgents = 20_000_000;
    public const int MaxPopulations = 1_000;
    public const int MaxLiquidators = 1_000;
    public const int MaxFaults = 10_000;
    public const int MaxPricePoints = 100_000;
    public const int MaxRegimes = 100;
    public const int MaxNameLength = 100;
    /// <summary>Any price a scenario gives (start, points, means, CSV records), in the default token: prices times positions stay inside UFix128.</summary>
    public const double MinPrice = 1e-8;
    public const double MaxPrice = 1_000_000;
    /// <summary>Price process parameters: annual drift (±), rates per year (jump intensity, OU speed, regime switching), log-jump size.</summary>
    public const double MaxDrift = 100;
    public const double MaxRate = 1_000_000;
    public const double MaxLogJump = 10;
    /// <summary>A collateral weight in a population's mix (weights are relative; a huge one overflows size × weight).</summary>
    public const double MaxWeight = 1_000_000;
    /// <summary>All the money a scenario creates (MOET at start prices), and the quantity of each token: UFix64 totals stay below 184,467,440,737.</summary>
    public const double MaxTotalMoney = 100_000_000_000;
    /// <summary>The paid rebalancer's fee per run.</summary>
    public const double MaxRebalancerFee = 1_000;
    /// <summary>A scenario or protocol script file.</summary>
    public const long MaxJsonBytes = 16L * 1024 * 1024;
    /// <summary>A CSV price file, and its records.</summary>
    public const long MaxCsvBytes = 256L * 1024 * 1024;
    public const int MaxCsvRecords = 10_000_000;
}
