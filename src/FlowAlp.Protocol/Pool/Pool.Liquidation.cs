using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

public sealed partial class Pool
{
    /// <summary>
    /// Why <see cref="ManualLiquidation"/> of <paramref name="pid"/> would refuse before it reads the offer's amounts
    /// (paused, unsupported or equal tokens, a healthy position: the same checks in the same order, the same messages),
    /// or null when it would get past them or only running it can tell (no price). Lets a caller decline an offer
    /// on a position an earlier offer already made healthy without throwing; the pool is unchanged either way.
    /// </summary>
    public string? EarlyLiquidationRefusal(long pid, string debtType, string seizeType) => Query(() =>
    {
        if (PairRefusal(debtType, seizeType, debtType) is { } refused) return refused;
        UFix128 health;
        try { health = PositionHealthNoTx(pid); }
        catch (ProtocolException) { return null; }
        return health >= UFix128.One ? HealthyRefusal(health) : null;
    });

    private string? PairRefusal(string debtType, string seizeType, string repaymentToken)
    {
        if (IsPausedOrWarmup) return "Liquidations are paused by governance";
        if (!IsTokenSupported(debtType)) return $"Debt token type unsupported: {debtType}";
        if (!IsTokenSupported(seizeType)) return $"Collateral token type unsupported: {seizeType}";
        if (repaymentToken != debtType) return $"Repayment vault does not match debt type: {debtType}!={repaymentToken}";
        if (debtType == seizeType) return "Debt and seize types must be different";
        return null;
    }

    private static string HealthyRefusal(UFix128 health) => $"Cannot liquidate healthy position: {health}>=1";

    /// <summary>
    /// manualLiquidation (§6.1): anyone repays <paramref name="repayment"/> of the debt token and takes
    /// <paramref name="seizeAmount"/> of collateral, if the position is unhealthy, the post-health stays at or below
    /// the liquidation target, the offer beats the DEX quote, and DEX and oracle agree. Returns the seized vault.
    /// </summary>
    public Vault ManualLiquidation(long pid, string debtType, string seizeType, UFix64 seizeAmount, Vault repayment) => _tx.Run(() =>
    {
        if (PairRefusal(debtType, seizeType, repayment.Token) is { } refused) throw new ProtocolException(refused);

        Lock(pid);
        var position = PositionOf(pid);
        var snaps = BuildSnapshots(position);
        var sheet = UpdatedBalanceSheet(position);
        UFix128 initialHealth = sheet.Health;
        if (initialHealth >= UFix128.One) throw new ProtocolException(HealthyRefusal(initialHealth));

        UFix64 repayAmount = repayment.Amount;
        UFix128 nc = TrueQuantity(position, snaps, seizeType);
        UFix128 nd = TrueQuantity(position, snaps, debtType);
        if (seizeAmount.ToUFix128() > nc)
            throw new ProtocolException($"Cannot seize more collateral than is in position: collateral balance ({nc}) is less than seize amount ({seizeAmount})");
        if (repayAmount.ToUFix128() > nd)
            throw new ProtocolException($"Cannot repay more debt than is in position: debt balance ({nd}) is less than repay amount ({repayAmount})");

        UFix64 pdOracle = OraclePrice(debtType);
        UFix64 pcOracle = OraclePrice(seizeType);
        UFix64 pcdOracle = pcOracle / pdOracle;

        if (!snaps.TryGetValue(seizeType, out var seizeSnap)) throw new ProtocolException($"Position {pid} has no {seizeType} balance to seize");
        if (!snaps.TryGetValue(debtType, out var debtSnap)) throw new ProtocolException($"Position {pid} has no {debtType} balance to repay");
        UFix128 postHealth = PostLiquidationHealth.Of(sheet, seizeAmount, pcOracle.ToUFix128(), seizeSnap.CollateralFactor, repayAmount, pdOracle.ToUFix128(), debtSnap.BorrowFactor);
        if (postHealth > _g.LiquidationTargetHealth)
            throw new ProtocolException($"Liquidation must not exceed target health: post-liquidation health ({postHealth}) is greater than target health ({_g.LiquidationTargetHealth})");

        var swapper = Dex.GetSwapper(seizeType, debtType)
            ?? throw new ProtocolException($"No DEX swapper configured for liquidation pair: {seizeType} -> {debtType}");
        var quote = swapper.QuoteIn(repayAmount);
        if (seizeAmount >= quote.InAmount) throw new ProtocolException("Liquidation offer must be better than that offered by DEX");
        UFix64 pcdDex = quote.OutAmount / quote.InAmount;
        if (!FixedMath.DexOracleDeviationInRange(pcdDex, pcdOracle, _g.DexOracleDeviationBps))
            throw new ProtocolException($"DEX/oracle price deviation too large. Dex price: {pcdDex}, Oracle price: {pcdOracle}");

        var seized = DoLiquidation(pid, repayment, debtType, seizeType, seizeAmount);
        Unlock(pid);
        return seized;
    });

    private static UFix128 TrueQuantity(InternalPosition position, Dictionary<string, TokenSnapshot> snaps, string token) =>
        position.Balances.TryGetValue(token, out var b) && snaps.TryGetValue(token, out var s) ? s.TrueBalance(b).Quantity : UFix128.Zero;

    /// <summary>_doLiquidation (§6.2): repayment into reserves (no capacity, no queue), collateral out of reserves.</summary>
    private Vault DoLiquidation(long pid, Vault repayment, string debtType, string seizeType, UFix64 seizeAmount)
    {
        AddToReserve(debtType, repayment.Amount);
        var position = PositionOf(pid);
        var debtState = UpdatedTokenState(debtType);
        position.EnsureBalance(debtType, BalanceDirection.Debit);
        var debt = position.Balances[debtType];
        debt.RecordDeposit(repayment.Amount.ToUFix128(), debtState);
        position.SetBalance(debtType, debt);

        var seizeState = UpdatedTokenState(seizeType);
        position.EnsureBalance(seizeType);
        var coll = position.Balances[seizeType];
        coll.RecordWithdrawal(seizeAmount.ToUFix128(), seizeState);
        position.SetBalance(seizeType, coll);
        TakeFromReserve(seizeType, seizeAmount);

        UFix128 newHealth = PositionHealthNoTx(pid);
        Emit(new LiquidationExecuted(pid, debtType, repayment.Amount, seizeType, seizeAmount, newHealth));
        return new Vault(seizeType, seizeAmount);
    }
}
