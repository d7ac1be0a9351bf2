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
    // collateral seized: a liquidated position nearly always loses one token, kept here (16 bytes); a sorted map (168
    // bytes with its one entry, 1.2 GB for the 7.4M positions a crash liquidates at 10M) only from a second token on
    private string? _seizedToken;
    private UFix64 _seizedAmount = UFix64.Zero;
    private SortedDictionary<string, UFix64>? _seized;
    private static readonly IReadOnlyDictionary<string, UFix64> NothingSeized = new SortedDictionary<string, UFix64>(StringComparer.Ordinal);

    /// <summary>Collateral seized, per token in ordinal order (read-only: <see cref="AddSeized"/> adds to it).</summary>
    public IReadOnlyDictionary<string, UFix64> Seized =>
        _seized ?? (_seizedToken is null ? NothingSeized : new SortedDictionary<string, UFix64>(StringComparer.Ordinal) { [_seizedToken] = _seizedAmount });

    /// <summary>Adds <paramref name="amount"/> of <paramref name="token"/> to the collateral seized.</summary>
    public void AddSeized(string token, UFix64 amount)
    {
        if (_seized is not null) _seized[token] = (_seized.TryGetValue(token, out var had) ? had : UFix64.Zero) + amount;
        else if (_seizedToken is null) (_seizedToken, _seizedAmount) = (token, amount);
        else if (string.Equals(_seizedToken, token, StringComparison.Ordinal)) _seizedAmount += amount;
        else
        {
            _seized = new SortedDictionary<string, UFix64>(StringComparer.Ordinal) { [_seizedToken] = _seizedAmount, [token] = amount };
            (_seizedToken, _seizedAmount) = (null, UFix64.Zero);
        }
    }
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
        _seizedToken = _seizedToken, _seizedAmount = _seizedAmount,
        _seized = _seized is null ? null : new SortedDictionary<string, UFix64>(_seized, StringComparer.Ordinal),
    };
}

/// <summary>
/// One position at a sample time: its health (null when it owes nothing), its collateral and debt at their full oracle
/// value (no collateral or borrow factor; MOET), and its running counts (liquidations, rebalances, rebalancer fees).
/// </summary>
public readonly record struct PositionMetrics(long Position, UFix128? Health, UFix128 CollateralValue, UFix128 DebtValue, int Liquidations, long Rebalances, UFix64 Fees);
