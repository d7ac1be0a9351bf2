using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// A simulated market, as declared by a scenario file (config/scenarios/README.md documents every field): the pool and
/// its tokens, a price process per token, the DEX, rebalancer settings, agent populations, liquidators, duration and
/// step, the seed, and where the outputs go. Parsed and validated by <see cref="ScenarioParser"/>.
/// </summary>
public sealed record Scenario(
    string Name,
    ulong Seed,
    ulong DurationSeconds,
    ulong StepSeconds,
    int SampleEverySteps,
    Script Pool,
    IReadOnlyDictionary<string, PriceSpec> Prices,
    CorrelationSpec? Correlation,
    DexSpec Dex,
    RebalancerSettings Rebalancers,
    StrategySpec? Strategies,
    IReadOnlyList<PopulationSpec> Populations,
    IReadOnlyList<LiquidatorSpec> Liquidators,
    OutputSpec Outputs,
    int Threads,
    Persistence.PersistenceSpec Persistence,
    IReadOnlyList<Chaos.Fault> Faults,
    Chaos.InvariantSpec Invariants)
{
    public ulong Steps => DurationSeconds / StepSeconds;

    /// <summary>Tokens whose interest rate follows a CSV file (changed by governance during the run); none by default.</summary>
    public IReadOnlyList<InterestRatePath> InterestRatePaths { get; init; } = [];
}

/// <summary>Tokens whose GBM processes share correlated shocks (Cholesky of <see cref="Matrix"/>).</summary>
public sealed record CorrelationSpec(IReadOnlyList<string> Tokens, double[,] Matrix);

/// <summary>The constant-product DEX liquidators and the DEX/oracle check use: per token, its pair with MOET and the MOET depth.</summary>
public sealed record DexSpec(ushort FeeBps, IReadOnlyDictionary<string, UFix64> Depth)
{
    /// <summary>Pairs (token → MOET) that are concentrated-liquidity pools instead of x·y = k (opt-in; null: none).</summary>
    public IReadOnlyDictionary<string, ConcentratedPairSpec>? Concentrated { get; init; }
}

/// <summary>Scheduled rebalancers (spec §4.8): interval, fee per scheduling, the supervisor cron, and the admin funder's budget for paid ones.</summary>
public sealed record RebalancerSettings(ulong IntervalSeconds, UFix64 Fee, string FeeToken, ulong CronSeconds, bool Force, UFix64 AdminFunds);

/// <summary>Yield vaults (FYV-style) for populations that top up from / draw down to one: a yield token on the strategy DEX, its APR, its depth.</summary>
public sealed record StrategySpec(string YieldToken, UFix64 Apr, UFix64 Depth)
{
    /// <summary>Opt-in: the MOET:yield-token pool is a concentrated-liquidity pool opening at 1 (null: x·y = k of Depth each; Depth always funds the yield reserve).</summary>
    public ConcentratedPairSpec? Concentrated { get; init; }

    /// <summary>The topUpSource's slippage bound against the reference price (null: none).</summary>
    public ushort? MaxSlippageBps { get; init; }
    /// <summary>The yield token's true price over time (null: not given; 1 MOET per unit for the rebasing token).</summary>
    public FlowAlp.Engine.Keepers.ReferencePricePath? Reference { get; init; }
    /// <summary>Pool keepers of the yield token's pool (null: none).</summary>
    public FlowAlp.Engine.Keepers.KeeperSettings? Keepers { get; init; }

    /// <summary>Deposits mint units at the reference price out of the yield reserve instead of buying on the pool (the peer's minute-0 minting).</summary>
    public bool MintAtReference { get; init; }

    /// <summary>The engine's market for the yield token when the scenario opts in (a bound, a reference, keepers or minting); null otherwise, so older scenarios run as before.</summary>
    public FlowAlp.Engine.Keepers.YieldTokenMarket? Market => MaxSlippageBps is null && Reference is null && Keepers is null && !MintAtReference ? null
        : new(YieldToken, Reference ?? FlowAlp.Engine.Keepers.ReferencePricePath.Constant(UFix64.One), MaxSlippageBps, Keepers) { MintAtReference = MintAtReference };
}

/// <summary>
/// A uniform distribution over [Min, Max] (Min == Max: a constant, drawn without a random number). The shapes in
/// FlowAlp.Simulation.Populations (normal, lognormal, empirical) derive from it; Min and Max are always the bounds of
/// every value drawn, so the parser's checks (health ranges, money) hold for every agent.
/// </summary>
public record Dist(double Min, double Max)
{
    public virtual double Sample(Random rng) => Min == Max ? Min : Min + (Max - Min) * rng.NextDouble();
}

public enum Funding { None, Wallet, YieldVault }

/// <summary>
/// Where a borrower's borrowed MOET goes: it stays in the wallet (which may be its topUpSource, so a top-up hands the
/// loan back), it is spent (paid out of the agent's reach to its population's outflow account), or it sits in a yield vault.
/// </summary>
public enum BorrowedFunds { Kept, Spent, YieldVault }
public enum RebalancerKind { None, Paid, Self }

/// <summary>
/// A population of agents. Borrowers deposit collateral (by value in MOET at start prices, split by the mix), set
/// their health bounds, borrow to their initial health, and may have a topUpSource, a drawDownSink and a rebalancer;
/// passive borrowers (no rebalancer, no source) are the Aave-style baseline. LPs only supply tokens.
/// </summary>
public sealed record PopulationSpec(
    string Name,
    bool IsLp,
    int Count,
    IReadOnlyDictionary<string, double> CollateralMix,
    Dist Size,
    Dist MinHealth,
    Dist TargetHealth,
    Dist MaxHealth,
    Dist? InitialHealth,
    Funding TopUpSource,
    Funding DrawDownSink,
    Dist WalletMoet,
    RebalancerKind Rebalancer,
    IReadOnlyDictionary<string, UFix64> LpDeposit)
{
    /// <summary>Where the borrowed MOET goes (the parser's default for a wallet drawDownSink is <see cref="BorrowedFunds.Spent"/>).</summary>
    public BorrowedFunds Borrowed { get; init; } = DrawDownSink == Funding.YieldVault ? BorrowedFunds.YieldVault : BorrowedFunds.Kept;

    /// <summary>The share of the opening loan a spending borrower keeps in its wallet as a top-up reserve (0: it spends all).</summary>
    public double LoanReserveFraction { get; init; }

    /// <summary>Each agent's rebalancer interval in seconds, drawn after its other fields (null: <see cref="RebalancerSettings.IntervalSeconds"/>, no draw).</summary>
    public Dist? RebalanceInterval { get; init; }

    /// <summary>The account spent funds go to: outside every agent's reach, still inside the world, so conservation counts them.</summary>
    public string OutflowAccount => $"spent:{Name}";

    /// <summary>The account of an agent's wallet drawDownSink: its own wallet, or the outflow account when it spends what it borrows.</summary>
    public string? WalletSinkAccount(string account) =>
        DrawDownSink != Funding.Wallet ? null : Borrowed == BorrowedFunds.Spent ? OutflowAccount : account;
}

/// <summary>Liquidators with capital (MOET each), a discount on the DEX, and a latency before they act on a position.</summary>
public sealed record LiquidatorSpec(string Name, int Count, UFix64 Capital, ushort DiscountBps, ulong LatencySeconds);

public sealed record OutputSpec(string Dir, bool Plots, bool Html, bool EventLog);
