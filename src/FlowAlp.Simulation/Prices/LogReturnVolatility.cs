using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// The annualised volatility of a series observed at any (possibly uneven) intervals, for a Brownian bridge between its
/// points: with log returns r_i over Δt_i years and the drift estimate μ = Σr ÷ ΣΔt,
/// σ² = Σ (r_i − μΔt_i)² ÷ Δt_i ÷ (n − 1). Even intervals give the usual sample variance ÷ Δt.
/// </summary>
public static class LogReturnVolatility
{
    /// <summary>The fewest observations it is computed from (two returns: one degree of freedom after the drift).</summary>
    public const int MinObservations = 3;

    public static double Annualised(IReadOnlyList<(UFix64 Time, UFix64 Price)> series)
    {
        if (series.Count < MinObservations) throw new ArgumentException($"series: at least {MinObservations} observations are needed, got {series.Count}");
        int n = series.Count - 1;
        var r = new double[n];
        var dt = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = Math.Log(series[i + 1].Price.ToDouble() / series[i].Price.ToDouble());
            dt[i] = (series[i + 1].Time - series[i].Time).ToDouble() / PriceConversion.SecondsPerYear;
        }
        double mu = r.Sum() / dt.Sum(), sum = 0;
        for (int i = 0; i < n; i++) sum += (r[i] - mu * dt[i]) * (r[i] - mu * dt[i]) / dt[i];
        return Math.Sqrt(sum / (n - 1));
    }
}
