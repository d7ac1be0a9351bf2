using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

/// <summary>One balance as getPositionDetails reports it: the true quantity rounded half-up.</summary>
public readonly record struct PositionBalanceView(string Token, BalanceDirection Direction, UFix64 Amount);

/// <summary>getPositionDetails plus the bounds and queued deposits.</summary>
public sealed record PositionDetails(long Id, UFix128 Health, IReadOnlyList<PositionBalanceView> Balances, UFix64 DefaultTokenAvailable,
    IReadOnlyDictionary<string, UFix64> QueuedDeposits, UFix128 MinHealth, UFix128 TargetHealth, UFix128 MaxHealth);

/// <summary>
/// Read-only queries. Like Cadence scripts they may accrue interest while computing, but never keep any change:
/// each runs as a probe that is rolled back (so querying never changes later results).
/// </summary>
public sealed partial class Pool
{
    public UFix128 PositionHealth(long pid) => Query(() => PositionHealthNoTx(pid));
    public bool IsLiquidatable(long pid) => Query(() => PositionHealthNoTx(pid) < UFix128.One);

    /// <summary>Runs a read-only body; inside a running transaction it simply joins it.</summary>
    public T Query<T>(Func<T> body) => _tx.InTransaction ? body() : _tx.Probe(body);

    public UFix64 FundsRequiredForTargetHealth(long pid, string token, UFix128 targetHealth) =>
        Query(() => FundsRequiredForTargetHealthAfterWithdrawingNoTx(pid, token, targetHealth, DefaultToken, UFix64.Zero));

    public UFix64 FundsRequiredForTargetHealthAfterWithdrawing(long pid, string depositType, UFix128 targetHealth, string withdrawType, UFix64 withdrawAmount) =>
        Query(() => FundsRequiredForTargetHealthAfterWithdrawingNoTx(pid, depositType, targetHealth, withdrawType, withdrawAmount));

    private UFix64 FundsRequiredForTargetHealthAfterWithdrawingNoTx(long pid, string depositType, UFix128 targetHealth, string withdrawType, UFix64 withdrawAmount)
    {
        if (targetHealth < UFix128.One) throw new ProtocolException($"Target health ({targetHealth}) must be >=1 after any withdrawal");
        var position = PositionOf(pid);
        var sheet = UpdatedBalanceSheet(position);
        if (!withdrawAmount.IsZero)
            sheet = HealthMath.AdjustedAfterWithdrawal(sheet, BalanceOf(position, withdrawType), withdrawType, withdrawAmount, BuildTokenSnapshot(withdrawType));
        return RequiredDepositNoTx(position, depositType, sheet, targetHealth);
    }

    public UFix64 FundsAvailableAboveTargetHealth(long pid, string token, UFix128 targetHealth) =>
        Query(() => FundsAvailableAboveTargetHealthAfterDepositingNoTx(pid, token, targetHealth, DefaultToken, UFix64.Zero));

    public UFix64 FundsAvailableAboveTargetHealthAfterDepositing(long pid, string withdrawType, UFix128 targetHealth, string depositType, UFix64 depositAmount) =>
        Query(() => FundsAvailableAboveTargetHealthAfterDepositingNoTx(pid, withdrawType, targetHealth, depositType, depositAmount));

    private UFix64 FundsAvailableAboveTargetHealthAfterDepositingNoTx(long pid, string withdrawType, UFix128 targetHealth, string depositType, UFix64 depositAmount)
    {
        if (depositType == withdrawType && !depositAmount.IsZero)
            return FundsAvailableAboveTargetHealthAfterDepositingNoTx(pid, withdrawType, targetHealth, DefaultToken, UFix64.Zero) + depositAmount;
        var position = PositionOf(pid);
        var sheet = UpdatedBalanceSheet(position);
        if (!depositAmount.IsZero)
            sheet = HealthMath.AdjustedAfterDeposit(sheet, BalanceOf(position, depositType), depositType, depositAmount, BuildTokenSnapshot(depositType));
        return AvailableWithdrawalNoTx(position, withdrawType, sheet, targetHealth);
    }

    public UFix128 HealthAfterDeposit(long pid, string token, UFix64 amount) => Query(() =>
    {
        var position = PositionOf(pid);
        var sheet = UpdatedBalanceSheet(position);
        if (amount.IsZero) return sheet.Health;
        return HealthMath.AdjustedAfterDeposit(sheet, BalanceOf(position, token), token, amount, BuildTokenSnapshot(token)).Health;
    });

    public UFix128 HealthAfterWithdrawal(long pid, string token, UFix64 amount) => Query(() =>
    {
        var position = PositionOf(pid);
        var sheet = UpdatedBalanceSheet(position);
        if (amount.IsZero) return sheet.Health;
        return HealthMath.AdjustedAfterWithdrawal(sheet, BalanceOf(position, token), token, amount, BuildTokenSnapshot(token)).Health;
    });

    /// <summary>availableBalance (§2.7): bounded by minHealth; with pull, counts what the topUpSource could add.</summary>
    public UFix64 AvailableBalance(long pid, string token, bool pullFromTopUpSource) => Query(() => AvailableBalanceNoTx(pid, token, pullFromTopUpSource));

    /// <summary>Positions whose topUpSource is being asked what it has: a chain of position sources that comes back is a cycle.</summary>
    private readonly HashSet<long> _askingTopUpSource = new();

    private UFix64 AvailableBalanceNoTx(long pid, string token, bool pull)
    {
        var position = PositionOf(pid);
        if (pull && position.TopUpSource is { } source)
        {
            // The contract would abort such a transaction on its call-depth limit; here it reverts like the position lock.
            if (!_askingTopUpSource.Add(pid)) throw new ProtocolException($"Reentrancy: the topUpSource chain of position {pid} leads back to it");
            try { return FundsAvailableAboveTargetHealthAfterDepositingNoTx(pid, token, position.MinHealth, source.TokenType, source.MinimumAvailable()); }
            finally { _askingTopUpSource.Remove(pid); }
        }
        var snaps = BuildSnapshots(position);
        var snap = BuildTokenSnapshot(token);
        UFix128 ce = UFix128.Zero, de = UFix128.Zero;
        foreach (var (t, b) in position.BalanceMap)
        {
            var s = snaps[t];
            if (b.Direction == BalanceDirection.Credit) ce += s.EffectiveCollateral(b.Scaled.Quantity * s.CreditIndex);
            else de += s.EffectiveDebt(b.Scaled.Quantity * s.DebitIndex);
        }
        UFix128 pre = HealthMath.Health(ce, de);
        return HealthMath.MaxWithdraw(pre, ce, de, snap, BalanceOf(position, token), position.MinHealth).RoundHalfUp();
    }

    /// <summary>getPositionDetails plus bounds and queued deposits.</summary>
    public PositionDetails GetPositionDetails(long pid) => Query(() =>
    {
        var position = PositionOf(pid);
        var balances = new List<PositionBalanceView>();
        foreach (var (token, b) in position.BalanceMap)
        {
            var ts = UpdatedTokenState(token);
            var trueBal = b.TrueBalance(ts.CreditInterestIndex, ts.DebitInterestIndex);
            balances.Add(new PositionBalanceView(token, trueBal.Direction, trueBal.Quantity.RoundHalfUp()));
        }
        UFix128 health = PositionHealthNoTx(pid);
        UFix64 available = AvailableBalanceNoTx(pid, DefaultToken, pull: false);
        return new PositionDetails(pid, health, balances, available, new Dictionary<string, UFix64>(position.QueuedDeposits),
            position.MinHealth, position.TargetHealth, position.MaxHealth);
    });
}
