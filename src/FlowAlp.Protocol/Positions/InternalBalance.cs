using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Tokens;

namespace FlowAlp.Protocol.Positions;

/// <summary>
/// A position's scaled balance of one token (§1.5): true = scaled × index of its direction.
/// Deposits and withdrawals update the token's nominal totals, which recompute its rates.
/// </summary>
public struct InternalBalance
{
    public SignedBalance Scaled;

    public InternalBalance(SignedBalance scaled) => Scaled = scaled;

    public readonly BalanceDirection Direction => Scaled.Direction;

    public readonly SignedBalance TrueBalance(UFix128 creditIndex, UFix128 debitIndex) =>
        new(Scaled.Direction, Scaled.Quantity * (Scaled.Direction == BalanceDirection.Credit ? creditIndex : debitIndex));

    internal void RecordDeposit(UFix128 amount, TokenState ts)
    {
        if (Scaled.Direction == BalanceDirection.Credit)
        {
            Scaled = SignedBalance.Credit(Scaled.Quantity + amount / ts.CreditInterestIndex);
            ts.IncreaseCredit(amount);
            return;
        }
        UFix128 debt = Scaled.Quantity * ts.DebitInterestIndex;
        if (debt >= amount)
        {
            Scaled = SignedBalance.Debit((debt - amount) / ts.DebitInterestIndex);
            ts.DecreaseDebit(amount);
        }
        else
        {
            UFix128 rest = amount - debt;
            Scaled = SignedBalance.Credit(rest / ts.CreditInterestIndex);
            ts.IncreaseCredit(rest);
            ts.DecreaseDebit(debt);
        }
    }

    internal void RecordWithdrawal(UFix128 amount, TokenState ts)
    {
        if (Scaled.Direction == BalanceDirection.Debit)
        {
            Scaled = SignedBalance.Debit(Scaled.Quantity + amount / ts.DebitInterestIndex);
            ts.IncreaseDebit(amount);
            return;
        }
        UFix128 bal = Scaled.Quantity * ts.CreditInterestIndex;
        if (bal >= amount)
        {
            Scaled = SignedBalance.Credit((bal - amount) / ts.CreditInterestIndex);
            ts.DecreaseCredit(amount);
        }
        else
        {
            UFix128 rest = amount - bal;
            Scaled = SignedBalance.Debit(rest / ts.DebitInterestIndex);
            ts.DecreaseCredit(bal);
            ts.IncreaseDebit(rest);
        }
    }
}
