using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Tokens;

/// <summary>
/// Per-token pool state (TokenStateImplv1, spec §1.3): nominal totals, interest indices and per-second
/// rates, fee rates and collection clocks, deposit capacity. Only <see cref="Pool"/> mutates it, inside a transaction.
/// </summary>
public sealed class TokenState : IUndoTarget
{
    /// <summary>Every scalar field in one struct so a transaction snapshot is a single copy.</summary>
    internal struct Data
    {
        public UFix64 LastUpdate;
        public UFix128 TotalCredit, TotalDebit;
        public UFix128 CreditIndex, DebitIndex, CreditRate, DebitRate;
        public IInterestCurve Curve;
        public UFix64 InsuranceRate, LastInsuranceCollection, StabilityFeeRate, LastStabilityCollection;
        public UFix64 DepositLimitFraction, DepositRate, DepositCapacity, DepositCapacityCap, LastDepositCapacityUpdate;
        public UFix64 MinimumBalance, CollateralFactor, BorrowFactor;
        public NominalFlows Flows;
    }

    private static readonly UFix64 HourSeconds = UFix64.FromInteger(3600);
    private readonly TransactionContext _tx;
    private readonly Action<PoolEvent> _emit;
    internal Data D;
    private Dictionary<long, UFix64> _depositUsage = new();

    public string Token { get; }

    internal TokenState(string token, TransactionContext tx, Action<PoolEvent> emit, UFix64 now,
        UFix64 collateralFactor, UFix64 borrowFactor, IInterestCurve curve, UFix64 depositRate, UFix64 depositCapacityCap)
    {
        Token = token;
        _tx = tx;
        _emit = emit;
        D = new Data
        {
            LastUpdate = now,
            CreditIndex = UFix128.One, DebitIndex = UFix128.One, CreditRate = UFix128.One, DebitRate = UFix128.One,
            Curve = curve,
            LastInsuranceCollection = now, StabilityFeeRate = UFix64.Parse("0.05"), LastStabilityCollection = now,
            DepositLimitFraction = UFix64.Parse("0.05"), DepositRate = depositRate,
            DepositCapacity = depositCapacityCap, DepositCapacityCap = depositCapacityCap, LastDepositCapacityUpdate = now,
            MinimumBalance = UFix64.One, CollateralFactor = collateralFactor, BorrowFactor = borrowFactor,
        };
    }

    public UFix64 LastUpdate => D.LastUpdate;
    public UFix128 TotalCreditBalance => D.TotalCredit;
    public UFix128 TotalDebitBalance => D.TotalDebit;
    /// <summary>The deposit/withdrawal flows that built the nominal totals (§3.4), for the live invariant.</summary>
    public NominalFlows Flows => D.Flows;
    public UFix128 CreditInterestIndex => D.CreditIndex;
    public UFix128 DebitInterestIndex => D.DebitIndex;
    public UFix128 CurrentCreditRate => D.CreditRate;
    public UFix128 CurrentDebitRate => D.DebitRate;
    public IInterestCurve InterestCurve => D.Curve;
    public UFix64 InsuranceRate => D.InsuranceRate;
    public UFix64 LastInsuranceCollectionTime => D.LastInsuranceCollection;
    public UFix64 StabilityFeeRate => D.StabilityFeeRate;
    public UFix64 LastStabilityFeeCollectionTime => D.LastStabilityCollection;
    public UFix64 DepositLimitFraction => D.DepositLimitFraction;
    public UFix64 DepositRate => D.DepositRate;
    public UFix64 DepositCapacity => D.DepositCapacity;
    public UFix64 DepositCapacityCap => D.DepositCapacityCap;
    public UFix64 MinimumBalance => D.MinimumBalance;
    public UFix64 CollateralFactor => D.CollateralFactor;
    public UFix64 BorrowFactor => D.BorrowFactor;
    public UFix64 DepositUsage(long pid) => _depositUsage.TryGetValue(pid, out var u) ? u : UFix64.Zero;

    /// <summary>
    /// Registers this object's undo with the current transaction (once per transaction). The per-position deposit usage
    /// grows with the number of positions, so it is not copied here: each change registers its own undo step.
    /// </summary>
    internal void Touch()
    {
        // FirstTouch, not Touch: a touch that registers nothing allocates nothing
        if (_tx.FirstTouch(this)) _tx.OnRollback(this, UndoData, D); // the scalars saved in the undo log, not a closure
    }

    /// <summary>updateForTimeChange: compound indices with the current rates, then regenerate capacity.</summary>
    internal void UpdateForTimeChange(UFix64 now)
    {
        // touched only when something changes: a read-only probe at the same time copies nothing
        if (now > D.LastUpdate)
        {
            Touch();
            ulong dt = (now - D.LastUpdate).Floor;
            D.CreditIndex *= FixedMath.Pow(D.CreditRate, dt);
            D.DebitIndex *= FixedMath.Pow(D.DebitRate, dt);
            D.LastUpdate = now;
        }
        RegenerateDepositCapacity(now);
    }

    /// <summary>Cap grows by depositRate per elapsed hour (fractional, UFix64) once at least an hour has passed.</summary>
    internal void RegenerateDepositCapacity(UFix64 now)
    {
        if (now < D.LastDepositCapacityUpdate) return;
        UFix64 dt = now - D.LastDepositCapacityUpdate;
        if (dt < HourSeconds) return;
        Touch();
        UFix64 oldCap = D.DepositCapacityCap;
        UFix64 newCap = D.DepositRate * (dt / HourSeconds) + oldCap;
        D.DepositCapacityCap = newCap;
        D.DepositCapacity = newCap;
        _tx.OnRollback(RestoreUsageOnRollback(_depositUsage));
        _depositUsage = new Dictionary<long, UFix64>();
        D.LastDepositCapacityUpdate = now;
        _emit(new DepositCapacityRegenerated(Token, oldCap, newCap));
    }

    // in its own method: the closure is built only when capacity regenerates, not on every call
    private Action RestoreUsageOnRollback(Dictionary<long, UFix64> usage) => () => _depositUsage = usage;

    /// <summary>min(capacity, fraction × cap − usage[pid]); the subtraction is checked (§11 item 15).</summary>
    internal UFix64 DepositLimit(long pid)
    {
        UFix64 available = D.DepositLimitFraction * D.DepositCapacityCap - DepositUsage(pid);
        return UFix64.Min(available, D.DepositCapacity);
    }

    internal void ConsumeDepositCapacity(UFix64 amount, long pid)
    {
        Touch();
        if (amount > D.DepositCapacity) throw new ProtocolException("cannot consume more than available deposit capacity");
        D.DepositCapacity -= amount;
        bool had = _depositUsage.TryGetValue(pid, out var before);
        _depositUsage[pid] = before + amount;
        _tx.OnRollback(this, had ? UndoUsage : UndoNewUsage, _depositUsage, number: pid, value: before.Raw);
        _emit(new DepositCapacityConsumed(Token, pid, amount, D.DepositCapacity));
    }

    // a deposit's usage entry, undone here (no closure per deposit)
    private const int UndoUsage = 0, UndoNewUsage = 1, UndoData = 2;

    void IUndoTarget.Undo(in UndoStep step)
    {
        if (step.Kind == UndoData) { D = ((List<Data>)step.Ref!)[(int)step.Number]; return; }
        var usage = (Dictionary<long, UFix64>)step.Ref!;
        if (step.Kind == UndoUsage) usage[step.Number] = UFix64.FromRaw((ulong)step.Value);
        else usage.Remove(step.Number);
    }

    /// <summary>updateInterestRates (§3.2): spread model for FixedCurve, reserve-factor model for any other curve.</summary>
    internal void UpdateInterestRates()
    {
        Touch();
        UFix128 debitRate = D.Curve.InterestRate(D.TotalCredit, D.TotalDebit);
        UFix128 feeRate = D.InsuranceRate.ToUFix128() + D.StabilityFeeRate.ToUFix128();
        UFix128 creditRate = UFix128.Zero;
        if (D.Curve is FixedCurve)
        {
            creditRate = debitRate * (UFix128.One - feeRate);
        }
        else
        {
            UFix128 income = D.TotalDebit * debitRate;
            UFix128 fee = income * feeRate;
            if (!D.TotalCredit.IsZero) creditRate = (income - fee) / D.TotalCredit;
        }
        D.CreditRate = FixedMath.PerSecondRate(creditRate);
        D.DebitRate = FixedMath.PerSecondRate(debitRate);
    }

    // every change of a nominal total is a flow, tallied beside it (§3.4: the totals are the sums of the flows)
    internal void IncreaseCredit(UFix128 amount) { Touch(); D.TotalCredit += amount; D.Flows.CreditIn += amount; UpdateInterestRates(); }
    internal void DecreaseCredit(UFix128 amount)
    {
        Touch();
        if (amount > D.TotalCredit) D.Flows.CreditClamped += amount - D.TotalCredit;
        D.TotalCredit = UFix128.SaturatingSub(D.TotalCredit, amount);
        D.Flows.CreditOut += amount;
        UpdateInterestRates();
    }
    internal void IncreaseDebit(UFix128 amount) { Touch(); D.TotalDebit += amount; D.Flows.DebitIn += amount; UpdateInterestRates(); }
    internal void DecreaseDebit(UFix128 amount)
    {
        Touch();
        if (amount > D.TotalDebit) D.Flows.DebitClamped += amount - D.TotalDebit;
        D.TotalDebit = UFix128.SaturatingSub(D.TotalDebit, amount);
        D.Flows.DebitOut += amount;
        UpdateInterestRates();
    }

    internal void SetInterestCurve(IInterestCurve curve) { Touch(); D.Curve = curve; UpdateInterestRates(); }
    internal void SetInsuranceRate(UFix64 rate) { Touch(); D.InsuranceRate = rate; }
    internal void SetStabilityFeeRate(UFix64 rate) { Touch(); D.StabilityFeeRate = rate; }
    internal void SetLastInsuranceCollection(UFix64 t) { Touch(); D.LastInsuranceCollection = t; }
    internal void SetLastStabilityCollection(UFix64 t) { Touch(); D.LastStabilityCollection = t; }
    internal void SetDepositLimitFraction(UFix64 f) { Touch(); D.DepositLimitFraction = f; }
    internal void SetMinimumBalance(UFix64 m) { Touch(); D.MinimumBalance = m; }
    internal void SetCollateralFactor(UFix64 f) { Touch(); D.CollateralFactor = f; }
    internal void SetBorrowFactor(UFix64 f) { Touch(); D.BorrowFactor = f; }

    /// <summary>Settles regeneration at the old rate first.</summary>
    internal void SetDepositRate(UFix64 rate, UFix64 now) { RegenerateDepositCapacity(now); Touch(); D.DepositRate = rate; }

    internal void SetDepositCapacityCap(UFix64 cap, UFix64 now)
    {
        Touch();
        D.DepositCapacityCap = cap;
        if (D.DepositCapacity > cap) D.DepositCapacity = cap;
        D.LastDepositCapacityUpdate = now;
    }
}
