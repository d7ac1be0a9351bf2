using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>
/// What happened to one position since the engine started, beyond its balances: rebalances a rebalancer applied and the
/// MOET they moved (top-ups repaid from the topUpSource, draw-downs borrowed into the drawDownSink), and what liquidations
/// took (debt repaid by liquidators, collateral seized per token and its oracle value at the moment it was seized).
/// Kept by the core beside its other per-position outcomes; reports read it, nothing in the protocol does.
/// </summary>
public sealed class PositionLedger
{
    public long Rebalances;
    public UFix64 TopUps = UFix64.Zero;
    public UFix64 DrawDowns = UFix64.Zero;
    public UFix64 RepaidByLiquidators = UFix64.Zero;
    public UFix128 SeizedValue = UFix128.Zero;
    private SortedDictionary<string, UFix64>? _seized;
    /// <summary>Collateral seized, per token; made on first use (most positions are never liquidated, and an empty sorted map is 112 bytes).</summary>
    public SortedDictionary<string, UFix64> Seized { get => _seized ??= new(StringComparer.Ordinal); set => _seized = value; }
    /// <summary>The lowest health seen when a rebalance or a liquidation acted on the position (between samples, where a sampled minimum misses it), and when.</summary>
    public UFix128? LowestHealth;
    public ulong LowestHealthTime;

    /// <summary>A health the position had at time <paramref name="t"/> (s): kept when it is the lowest so far.</summary>
    public void Saw(UFix128 health, ulong t)
    {
        if (LowestHealth is not { } low || health < low) (LowestHealth, LowestHealthTime) = (health, t);
    }

    /// <summary>A copy (outcomes leave the core; the core keeps counting into its own).</summary>
    public PositionLedger Copy() => new()
    {
        Rebalances = Rebalances, TopUps = TopUps, DrawDowns = DrawDowns, RepaidByLiquidators = RepaidByLiquidators, SeizedValue = SeizedValue,
        LowestHealth = LowestHealth, LowestHealthTime = LowestHealthTime,
        _seized = _seized is null ? null : new SortedDictionary<string, UFix64>(_seized, StringComparer.Ordinal),
    };
}

/// <summary>
/// One position at a sample time: its health (null when it owes nothing), its collateral and debt at their full oracle
/// value (no collateral or borrow factor; MOET), and its running counts (liquidations, rebalances, rebalancer fees).
/// </summary>
public readonly record struct PositionMetrics(long Position, UFix128? Health, UFix128 CollateralValue, UFix128 DebtValue, int Liquidations, long Rebalances, UFix64 Fees);
