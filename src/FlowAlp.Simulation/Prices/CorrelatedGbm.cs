using FlowAlp.Actors.Oracles;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// N geometric Brownian motions on one common grid whose log-return shocks have the given correlation matrix:
/// per step, Z ~ N(0, I) (N draws from one seeded Mersenne Twister), W = L·Z with L the Cholesky factor of the
/// correlation matrix, and S_i(k+1) = S_i(k)·exp((μ_i − σ_i²/2)·dt + σ_i·√dt·W_i). The grid is generated lazily and
/// in order for all tokens at once; <see cref="PathFor"/> gives one <see cref="IPricePath"/> per token over it.
/// </summary>
public sealed class CorrelatedGbm
{
    private readonly CorrelatedAsset[] _assets;
    private readonly Dictionary<string, int> _index;
    private readonly double[,] _cholesky;
    private readonly double[] _logDrift, _logVol;
    private readonly MersenneTwister _rng;
    private readonly List<double[]> _grid = new();
    private readonly object _gate = new();
    private readonly IPricePath[] _paths;

    public CorrelatedGbm(IReadOnlyList<CorrelatedAsset> assets, double[,] correlation, ulong stepSeconds, int seed)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(correlation);
        PriceConversion.RequireStep(stepSeconds);
        if (assets.Count == 0) throw new ArgumentException("assets: at least one asset is needed");
        _assets = assets.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _assets.Length; i++)
        {
            var a = _assets[i] ?? throw new ArgumentException($"assets[{i}]: must not be null");
            if (string.IsNullOrWhiteSpace(a.Token)) throw new ArgumentException($"assets[{i}].Token: must not be empty");
            if (!_index.TryAdd(a.Token, i)) throw new ArgumentException($"assets[{i}].Token: duplicate token '{a.Token}'");
            PriceConversion.RequirePositive(a.S0, $"assets[{i}].S0");
            PriceConversion.RequireFinite(a.AnnualDrift, $"assets[{i}].AnnualDrift");
            PriceConversion.RequireNonNegative(a.AnnualVolatility, $"assets[{i}].AnnualVolatility");
        }
        _cholesky = CholeskyOf(correlation, _assets.Length);
        StepSeconds = stepSeconds;
        StepYears = stepSeconds / PriceConversion.SecondsPerYear;
        _logDrift = _assets.Select(a => (a.AnnualDrift - 0.5 * a.AnnualVolatility * a.AnnualVolatility) * StepYears).ToArray();
        _logVol = _assets.Select(a => a.AnnualVolatility * Math.Sqrt(StepYears)).ToArray();
        _rng = new MersenneTwister(seed);
        _grid.Add(_assets.Select(a => a.S0).ToArray());
        _paths = Enumerable.Range(0, _assets.Length).Select(i => (IPricePath)new CorrelatedGbmTokenPath(this, i)).ToArray();
    }

    public ulong StepSeconds { get; }
    public double StepYears { get; }
    public IReadOnlyList<string> Tokens => _assets.Select(a => a.Token).ToArray();

    /// <summary>The price path of <paramref name="token"/> (sharing this grid).</summary>
    public IPricePath PathFor(string token) =>
        _index.TryGetValue(token, out int i) ? _paths[i] : throw new ArgumentException($"token: '{token}' is not one of this process's tokens");

    /// <summary>Every token's path, by token.</summary>
    public IReadOnlyDictionary<string, IPricePath> Paths => _index.ToDictionary(kv => kv.Key, kv => _paths[kv.Value]);

    /// <summary>The (unfloored) price of token <paramref name="tokenIndex"/> at grid point <paramref name="step"/>.</summary>
    public double ValueAtStep(int tokenIndex, int step)
    {
        if (tokenIndex < 0 || tokenIndex >= _assets.Length) throw new ArgumentOutOfRangeException(nameof(tokenIndex));
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), "step: must be >= 0");
        lock (_gate)
        {
            int n = _assets.Length;
            var z = new double[n];
            while (_grid.Count <= step)
            {
                var prev = _grid[^1];
                var next = new double[n];
                for (int i = 0; i < n; i++) z[i] = Normal.Sample(_rng, 0, 1);
                for (int i = 0; i < n; i++)
                {
                    double w = 0;
                    for (int j = 0; j <= i; j++) w += _cholesky[i, j] * z[j];
                    next[i] = prev[i] * Math.Exp(_logDrift[i] + _logVol[i] * w);
                }
                _grid.Add(next);
            }
            return _grid[step][tokenIndex];
        }
    }

    /// <summary>Grid prices 0..count−1 of token <paramref name="tokenIndex"/>.</summary>
    public double[] Values(int tokenIndex, int count)
    {
        if (count <= 0) return [];
        ValueAtStep(tokenIndex, count - 1);
        lock (_gate) return _grid.Take(count).Select(row => row[tokenIndex]).ToArray();
    }

    private static double[,] CholeskyOf(double[,] c, int n)
    {
        if (c.GetLength(0) != n || c.GetLength(1) != n)
            throw new ArgumentException($"correlation: must be {n}x{n} (one row and column per asset), got {c.GetLength(0)}x{c.GetLength(1)}");
        const double tol = 1e-12;
        for (int i = 0; i < n; i++)
        {
            if (Math.Abs(c[i, i] - 1) > tol) throw new ArgumentException($"correlation: diagonal entry [{i},{i}] must be 1, got {c[i, i]}");
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(c[i, j]) || Math.Abs(c[i, j]) > 1 + tol)
                    throw new ArgumentException($"correlation: entry [{i},{j}] must be in [-1, 1], got {c[i, j]}");
                if (Math.Abs(c[i, j] - c[j, i]) > tol)
                    throw new ArgumentException($"correlation: must be symmetric, but [{i},{j}] = {c[i, j]} and [{j},{i}] = {c[j, i]}");
            }
        }
        Matrix<double> l;
        try { l = Matrix<double>.Build.DenseOfArray(c).Cholesky().Factor; }
        catch (ArgumentException) { throw new ArgumentException("correlation: must be positive definite (Cholesky factorisation failed)"); }
        for (int i = 0; i < n; i++)
            if (!(l[i, i] > 0) || !double.IsFinite(l[i, i])) throw new ArgumentException("correlation: must be positive definite (Cholesky factorisation failed)");
        return l.ToArray();
    }
}
