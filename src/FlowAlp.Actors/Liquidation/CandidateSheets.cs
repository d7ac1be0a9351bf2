using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Liquidation;

/// <summary>
/// The block's liquidation candidates with each one's balance sheet built at most once for all the liquidators (a sheet
/// is a pure function of its snapshot), as the plain loop shares them. The liquidators size offers in parallel, so a
/// sheet is published with a compare-and-swap; two liquidators racing for the same candidate build equal sheets and
/// both use the first one published.
/// </summary>
public sealed class CandidateSheets(IReadOnlyList<PositionSnapshot> candidates)
{
    private readonly BalanceSheet?[] _sheets = new BalanceSheet?[candidates.Count];

    public IReadOnlyList<PositionSnapshot> Candidates => candidates;

    /// <summary>
    /// Each of <paramref name="ready"/> (a subsequence of the candidates, in their order: what a liquidator's latency
    /// filter keeps) with its sheet.
    /// </summary>
    public IEnumerable<(PositionSnapshot Candidate, BalanceSheet Sheet)> For(IReadOnlyList<PositionSnapshot> ready)
    {
        int j = 0;
        foreach (var c in ready)
        {
            while (j < candidates.Count && !ReferenceEquals(candidates[j], c)) j++;
            if (j == candidates.Count) throw new ArgumentException("ready: not a subsequence of the block's candidates", nameof(ready));
            yield return (c, SheetAt(j++));
        }
    }

    private BalanceSheet SheetAt(int i) =>
        Volatile.Read(ref _sheets[i]) ?? Interlocked.CompareExchange(ref _sheets[i], candidates[i].Sheet(), null) ?? _sheets[i]!;
}
