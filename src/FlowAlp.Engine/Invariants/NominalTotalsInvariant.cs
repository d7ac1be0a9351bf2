
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>Each token's nominal totals (§3.4) equal the flows that built them: total + out = in + clamped, for credit and debit.</summary>
internal sealed class NominalTotalsInvariant : IInvariant
{
    public string Key => "nominalTotals";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        foreach (var token in core.Pool.SupportedTokens.Order(StringComparer.Ordinal))
        {
            var ts = core.Pool.TokenStateOf(token);
            var f = ts.Flows;
            if (ts.TotalCreditBalance + f.CreditOut != f.CreditIn + f.CreditClamped)
                violations.Add($"nominal totals §3.4: {token} total credit {ts.TotalCreditBalance}, but its flows give in {f.CreditIn} − out {f.CreditOut} + clamped {f.CreditClamped}");
            if (ts.TotalDebitBalance + f.DebitOut != f.DebitIn + f.DebitClamped)
                violations.Add($"nominal totals §3.4: {token} total debit {ts.TotalDebitBalance}, but its flows give in {f.DebitIn} − out {f.DebitOut} + clamped {f.DebitClamped}");
        }
    }
}
