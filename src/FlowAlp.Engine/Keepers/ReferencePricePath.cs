using System.Numerics;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Keepers;

/// <summary>
/// The true price of a yield token in the base token over virtual time, as the pool keepers and the yield vaults'
/// slippage bound read it: points (seconds since the start, price), linear between them in exact fixed point
/// (truncated), flat before the first and after the last. A rebasing token is worth 1 base token per unit throughout.
/// </summary>
public sealed class ReferencePricePath
{
    private readonly ulong[] _seconds;
    private readonly UFix64[] _prices;

    public ReferencePricePath(IReadOnlyList<(ulong Seconds, UFix64 Price)> points)
    {
        if (points is null || points.Count == 0) throw new ArgumentException("points: at least one is required");
        for (int i = 0; i < points.Count; i++)
        {
            if (points[i].Price.IsZero) throw new ArgumentException($"points[{i}].price: must be greater than 0");
            if (i > 0 && points[i].Seconds <= points[i - 1].Seconds) throw new ArgumentException($"points[{i}].seconds: must be after the previous point");
        }
        _seconds = points.Select(p => p.Seconds).ToArray();
        _prices = points.Select(p => p.Price).ToArray();
    }

    /// <summary>A constant price (the rebasing token's 1 base token per unit).</summary>
    public static ReferencePricePath Constant(UFix64 price) => new([(0UL, price)]);

    public IReadOnlyList<(ulong Seconds, UFix64 Price)> Points => _seconds.Zip(_prices).ToList();

    /// <summary>The price at virtual time <paramref name="now"/> (whole seconds count; linear between points, truncated).</summary>
    public UFix64 At(UFix64 now)
    {
        ulong t = now.Floor;
        if (t <= _seconds[0]) return _prices[0];
        int last = _seconds.Length - 1;
        if (t >= _seconds[last]) return _prices[last];
        int i = Array.BinarySearch(_seconds, t);
        if (i >= 0) return _prices[i];
        int hi = ~i, lo = hi - 1;
        BigInteger p0 = _prices[lo].Raw, p1 = _prices[hi].Raw, dt = t - _seconds[lo], span = _seconds[hi] - _seconds[lo];
        BigInteger raw = p0 + (p1 - p0) * dt / span; // BigInteger division truncates toward zero: between the two points either way
        return UFix64.FromRaw((ulong)raw);
    }
}
