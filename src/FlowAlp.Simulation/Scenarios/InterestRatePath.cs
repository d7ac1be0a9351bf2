using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// A token's interest rate read from a CSV file (<c>"interestCurve": {"kind": "csv", "file": …}</c>): a fixed curve at
/// the first record's rate from genesis, changed by governance to each later record's rate. A change recorded at time t
/// is made after the first step at or after t (so on a grid time, exactly at t); of several records within one step,
/// the last.
/// </summary>
public sealed record InterestRatePath(string Token, string File, IReadOnlyList<(UFix64 Time, UFix64 Rate)> Records)
{
    /// <summary>The rate that takes effect after step <paramref name="step"/> (records in ((step − 1)·Δ, step·Δ]), or null.</summary>
    public UFix64? DueAt(long step, ulong stepSeconds)
    {
        if (step <= 0) return null;
        var end = UFix64.FromInteger((ulong)step * stepSeconds);
        var start = UFix64.FromInteger((ulong)(step - 1) * stepSeconds);
        int lo = 0, hi = Records.Count - 1, last = -1; // the last record at or before end
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (Records[mid].Time <= end) { last = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return last >= 0 && Records[last].Time > start ? Records[last].Rate : null;
    }
}
