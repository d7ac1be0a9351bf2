using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>One token's market and pool figures at a sample time.</summary>
public sealed record TokenMetrics(string Token, UFix64? Price, UFix128 TotalCredit, UFix128 TotalDebit, UFix128 Utilisation,
    UFix128 CreditRate, UFix128 DebitRate, UFix64 Reserve);

/// <summary>
/// The pool at a sample time, as a report needs it: prices, utilisation and rates, the health distribution of the
/// positions that owe something, bad debt (debt value not covered by the collateral's full oracle value), reserves,
/// MOET supply, and the engine's running totals; which positions are below health 1, and how many positions with a
/// rebalancer are below their min health (the band a rebalance brings back to target) (chaos reports: who fell, when the rebalancers recovered). Exact values;
/// reports convert for plotting only. <see cref="PerPosition"/> holds every position's figures (population reports fold
/// them; the runner drops them before it keeps a sample).
/// </summary>
public sealed record MetricsSample(
    UFix64 Time,
    IReadOnlyList<TokenMetrics> Tokens,
    int Positions,
    int Indebted,
    int Liquidatable,
    IReadOnlyList<UFix128> HealthPercentiles,
    UFix128 BadDebt,
    UFix64 MoetSupply,
    UFix64 InsuranceFund,
    EngineTotals Totals,
    IReadOnlyList<long>? BelowOne = null,
    int RebalancedBelowMin = 0,
    IReadOnlyList<PositionMetrics>? PerPosition = null);

/// <summary>Running totals since the engine started.</summary>
public sealed record EngineTotals(long Rebalances, long FailedSchedules, long LiquidationsApplied, long LiquidationsRejected, long RebalancerRuns);

/// <summary>Asks the supervisor for a <see cref="MetricsSample"/> (between ticks).</summary>
public sealed record GetMetrics;

/// <summary>Per-position outcome figures at the end of a run: ever liquidated, rebalancer fees paid for each position, final health.</summary>
public sealed record GetOutcomes;
public sealed record Outcomes(IReadOnlyDictionary<long, int> LiquidationsByPosition, IReadOnlyDictionary<long, UFix64> FeesByPosition,
    IReadOnlyDictionary<long, UFix128> HealthByPosition, IReadOnlyDictionary<string, (UFix64 Expected, UFix64 Actual)> Conservation,
    IReadOnlyList<DeliveryRecord>? Deliveries = null, IReadOnlyDictionary<long, PositionLedger>? Ledgers = null,
    IReadOnlyDictionary<string, Flows.YieldVaultSales>? VaultSales = null);

/// <summary>A round trip that message faults touched: when, which exchange (the request's message), and how it went.</summary>
public sealed record DeliveryRecord(ulong Time, string Message, Chaos.Delivery Delivery);
