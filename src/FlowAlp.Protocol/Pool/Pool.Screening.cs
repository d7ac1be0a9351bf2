using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

/// <summary>
/// Screening: which positions must act now. The engine asks this before it wakes a position (a due rebalancer whose
/// position is certainly inside [minHealth, maxHealth] would plan nothing) and before it hands liquidators their
/// candidates (a position certainly above 1.0 cannot be liquidated). Certain answers come from the double-precision
/// <see cref="HealthScreen"/>; every uncertain one is decided by the exact path, so the results equal the naive ones.
/// </summary>
public sealed partial class Pool
{
    private readonly ScreeningMirror _mirror = new();

    /// <summary>A screen of every supported token's price, indices and factors at <see cref="Now"/> (a rolled-back probe, like every query).</summary>
    public HealthScreen Screen() => Query(() =>
    {
        foreach (var token in _tokens.Keys) _mirror.SlotOf(token);
        int n = _mirror.Tokens.Count;
        var credit = new double[n]; var debit = new double[n]; var priced = new bool[n];
        for (short s = 0; s < n; s++)
        {
            var token = _mirror.Tokens[s];
            if (!_tokens.ContainsKey(token)) continue;
            UFix64 price;
            Tokens.TokenState ts;
            // no price, or a token state that cannot even be brought up to date (e.g. a capacity overflow, which reverts
            // every operation touching the token): anything holding it takes the exact path
            try { price = OraclePrice(token); ts = UpdatedTokenState(token); }
            catch (ProtocolException) { continue; }
            double p = price.ToDouble();
            credit[s] = p * ts.CreditInterestIndex.ToDouble() * ts.CollateralFactor.ToDouble();
            debit[s] = p * ts.DebitInterestIndex.ToDouble() / ts.BorrowFactor.ToDouble();
            priced[s] = true;
        }
        return new HealthScreen(credit, debit, priced);
    });

    /// <summary>
    /// True when a non-forced rebalance of <paramref name="pid"/> would certainly plan nothing (§4's plan on the snapshot):
    /// the snapshot can be taken (every token it lists or connects is priced) and its health is certainly inside
    /// [minHealth, maxHealth], or certainly below target with no topUpSource to pull from, or certainly above target
    /// with no drawDownSink to push to. False means "not certain" (the caller asks the exact path), never "must rebalance".
    /// </summary>
    public bool CertainlyBalanced(HealthScreen screen, long pid)
    {
        var position = PositionOf(pid);
        ref readonly var e = ref _mirror.Read((int)pid, position);
        if (!screen.TryEstimate(e, out double health)) return false;
        var (source, sink) = (position.TopUpSource, position.DrawDownSink);
        if (!ConnectorPriced(screen, source?.TokenType) || !ConnectorPriced(screen, sink?.TokenType)) return false;
        if (HealthScreen.Above(health, position.MinHealth.ToDouble()) && HealthScreen.Below(health, position.MaxHealth.ToDouble())) return true;
        double target = position.TargetHealth.ToDouble();
        return (source is null && HealthScreen.Below(health, target)) || (sink is null && HealthScreen.Above(health, target));
    }

    /// <summary>A connector's token must be priced for the position's snapshot to exist (unsupported tokens are left out of it).</summary>
    private bool ConnectorPriced(HealthScreen screen, string? token) =>
        token is null || !IsTokenSupported(token) || screen.IsPriced(_mirror.SlotOf(token));

    /// <summary>
    /// The same list as <see cref="LiquidatablePositions()"/>, computed exactly only for positions the screen cannot
    /// clear (certainly at or above 1.0).
    /// </summary>
    public List<long> LiquidatablePositions(HealthScreen screen)
    {
        var uncertain = new List<int>();
        for (int i = 0; i < _positions.Count; i++)
        {
            ref readonly var e = ref _mirror.Read(i, _positions[i]);
            if (e.Count == 0) continue; // no balances: no debt, health is Max
            if (screen.TryEstimate(e, out double health) && HealthScreen.Above(health, 1.0)) continue;
            if (e.Count > 0 && !e.Debit0 && (e.Count == 1 || !e.Debit1)) continue; // no debit balance (Count -1 has no flags): health is Max
            uncertain.Add(i);
        }
        return uncertain.Count == 0 ? new List<long>() : LiquidatableAmong(uncertain);
    }
}
