using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Scripted piecewise moves through (time, price) points, linear or step (<see cref="ScriptedInterpolation"/>), in
/// continuous time (no grid: the time's full 8 decimals count). Before the first point the first price holds, after
/// the last the last. The arithmetic is decimal, truncated to 8 decimals, so a point's own price (≤ 8 decimals) comes
/// back exactly at its time and a linear move between round numbers is exact wherever it is exact in decimal.
/// </summary>
public sealed class ScriptedPath : IPricePath
{
    private readonly decimal[] _times, _prices;

    public ScriptedPath(IEnumerable<(double TimeSeconds, double Price)> points, ScriptedInterpolation interpolation)
        : this(Convert(points), interpolation, "points") { }

    public ScriptedPath(IEnumerable<(UFix64 Time, UFix64 Price)> points, ScriptedInterpolation interpolation)
        : this(ToDecimal(points), interpolation, "points") { }

    private ScriptedPath((decimal Time, decimal Price)[] points, ScriptedInterpolation interpolation, string field)
    {
        if (points.Length == 0) throw new ArgumentException($"{field}: at least one point is needed");
        if (interpolation is not (ScriptedInterpolation.Linear or ScriptedInterpolation.Step))
            throw new ArgumentException("interpolation: unknown interpolation");
        for (int i = 0; i < points.Length; i++)
        {
            if (points[i].Price <= 0) throw new ArgumentException($"{field}[{i}].Price: must be > 0");
            if (points[i].Time < 0) throw new ArgumentException($"{field}[{i}].TimeSeconds: must be >= 0");
            if (i > 0 && points[i].Time <= points[i - 1].Time)
                throw new ArgumentException($"{field}[{i}].TimeSeconds: times must be strictly increasing");
        }
        _times = points.Select(p => p.Time).ToArray();
        _prices = points.Select(p => p.Price).ToArray();
        Interpolation = interpolation;
    }

    public ScriptedInterpolation Interpolation { get; }

    public PriceSample? SampleAt(UFix64 time)
    {
        decimal t = time.Raw / (decimal)UFix64.Scale;
        int i = Array.BinarySearch(_times, t);
        decimal price;
        if (i >= 0) price = _prices[i];
        else
        {
            int next = ~i; // first point after t
            if (next == 0) price = _prices[0];
            else if (next == _times.Length || Interpolation == ScriptedInterpolation.Step) price = _prices[next - 1];
            else
            {
                decimal t0 = _times[next - 1], t1 = _times[next], p0 = _prices[next - 1], p1 = _prices[next];
                price = p0 + (p1 - p0) * (t - t0) / (t1 - t0);
            }
        }
        decimal raw = decimal.Floor(price * UFix64.Scale);
        return new PriceSample(UFix64.FromRaw(raw < 1 ? 1UL : (ulong)raw), time);
    }

    private static (decimal, decimal)[] Convert(IEnumerable<(double TimeSeconds, double Price)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToArray();
        var result = new (decimal, decimal)[list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            PriceConversion.RequireFinite(list[i].TimeSeconds, $"points[{i}].TimeSeconds");
            PriceConversion.RequirePositive(list[i].Price, $"points[{i}].Price");
            if (list[i].TimeSeconds < 0 || list[i].TimeSeconds > 1e11) throw new ArgumentException($"points[{i}].TimeSeconds: must be in [0, 1e11]");
            if (list[i].Price > 1e11) throw new ArgumentException($"points[{i}].Price: must be <= 1e11");
            result[i] = ((decimal)list[i].TimeSeconds, (decimal)list[i].Price);
        }
        return result;
    }

    private static (decimal, decimal)[] ToDecimal(IEnumerable<(UFix64 Time, UFix64 Price)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.Select(p => (p.Time.Raw / (decimal)UFix64.Scale, p.Price.Raw / (decimal)UFix64.Scale)).ToArray();
    }
}
