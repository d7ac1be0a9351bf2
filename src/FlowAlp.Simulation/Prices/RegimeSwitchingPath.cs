using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Markov regime switching GBM. A continuous-time Markov chain over <see cref="Regimes"/> with transition rates
/// q[i,j] per year (i ≠ j; the diagonal is ignored) picks the regime; over each step the price moves as a GBM with
/// the regime in force at the start of the step, then the chain leaves regime i with probability 1 − e^(−q_i·dt)
/// (q_i = Σ_j q[i,j]) to regime j with probability q[i,j] / q_i — at most one switch per step, so keep q_i·dt small.
/// </summary>
public sealed class RegimeSwitchingPath : GridPricePath
{
    private readonly Regime[] _regimes;
    private readonly double[,] _rates;
    private readonly double[] _leaveProbability, _logDrift, _logVol;
    private readonly MersenneTwister _rng;
    private readonly List<int> _regimeAt = new();

    public RegimeSwitchingPath(double s0, IReadOnlyList<Regime> regimes, double[,] transitionRatesPerYear, int initialRegime,
        ulong stepSeconds, int seed)
        : base(stepSeconds)
    {
        PriceConversion.RequirePositive(s0, "s0");
        ArgumentNullException.ThrowIfNull(regimes);
        ArgumentNullException.ThrowIfNull(transitionRatesPerYear);
        if (regimes.Count == 0) throw new ArgumentException("regimes: at least one regime is needed");
        _regimes = regimes.ToArray();
        int n = _regimes.Length;
        for (int i = 0; i < n; i++)
        {
            var r = _regimes[i] ?? throw new ArgumentException($"regimes[{i}]: must not be null");
            PriceConversion.RequireFinite(r.AnnualDrift, $"regimes[{i}].AnnualDrift");
            PriceConversion.RequireNonNegative(r.AnnualVolatility, $"regimes[{i}].AnnualVolatility");
        }
        if (transitionRatesPerYear.GetLength(0) != n || transitionRatesPerYear.GetLength(1) != n)
            throw new ArgumentException($"transitionRatesPerYear: must be {n}x{n} (one row and column per regime)");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) PriceConversion.RequireNonNegative(transitionRatesPerYear[i, j], $"transitionRatesPerYear[{i},{j}]");
        if (initialRegime < 0 || initialRegime >= n) throw new ArgumentException($"initialRegime: must be in [0, {n - 1}]");
        S0 = s0; InitialRegime = initialRegime;
        _rates = (double[,])transitionRatesPerYear.Clone();
        _leaveProbability = new double[n];
        for (int i = 0; i < n; i++) _leaveProbability[i] = -double.ExpM1(-LeaveRate(i) * StepYears);
        _logDrift = _regimes.Select(r => (r.AnnualDrift - 0.5 * r.AnnualVolatility * r.AnnualVolatility) * StepYears).ToArray();
        _logVol = _regimes.Select(r => r.AnnualVolatility * Math.Sqrt(StepYears)).ToArray();
        _rng = new MersenneTwister(seed);
    }

    public double S0 { get; }
    public int InitialRegime { get; }
    public IReadOnlyList<Regime> Regimes => _regimes;

    /// <summary>The regime in force from grid point <paramref name="index"/> to the next.</summary>
    public int RegimeAtStep(int index)
    {
        ValueAtStep(index);
        lock (_regimeAt) return _regimeAt[index];
    }

    /// <summary>The stationary distribution π of the chain (πQ = 0, Σπ = 1); needs an irreducible chain.</summary>
    public double[] StationaryDistribution()
    {
        int n = _regimes.Length;
        var a = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[j, i] = i == j ? -LeaveRate(i) : _rates[i, j]; // Qᵀ
        for (int i = 0; i < n; i++) a[n - 1, i] = 1;
        var b = Vector<double>.Build.Dense(n);
        b[n - 1] = 1;
        var pi = a.Solve(b);
        if (pi.Any(p => !double.IsFinite(p))) throw new InvalidOperationException("the regime chain has no unique stationary distribution");
        return pi.ToArray();
    }

    private double LeaveRate(int i)
    {
        double q = 0;
        for (int j = 0; j < _regimes.Length; j++) if (j != i) q += _rates[i, j];
        return q;
    }

    protected override double Generate(int index, double previous)
    {
        if (index == 0)
        {
            lock (_regimeAt) _regimeAt.Add(InitialRegime);
            return S0;
        }
        int regime;
        lock (_regimeAt) regime = _regimeAt[^1];
        double next = previous * Math.Exp(_logDrift[regime] + _logVol[regime] * Normal.Sample(_rng, 0, 1));
        if (_leaveProbability[regime] > 0 && _rng.NextDouble() < _leaveProbability[regime])
        {
            double u = _rng.NextDouble() * LeaveRate(regime), acc = 0;
            int to = regime;
            for (int j = 0; j < _regimes.Length; j++)
            {
                if (j == regime || _rates[regime, j] <= 0) continue;
                to = j;
                acc += _rates[regime, j];
                if (u < acc) break;
            }
            regime = to;
        }
        lock (_regimeAt) _regimeAt.Add(regime);
        return next;
    }
}
