using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// A discrete distribution over given values, equally likely or by weight: one uniform number per draw, located in
/// the cumulative weights (values keep their declared order, so a draw does not depend on sorting).
/// </summary>
public sealed record EmpiricalDist : Dist
{
    private readonly double[] _cumulative;

    public EmpiricalDist(IReadOnlyList<double> values, IReadOnlyList<double>? weights)
        : base(values.Min(), values.Max())
    {
        if (weights is not null && weights.Count != values.Count) throw new ArgumentException("weights: one per value");
        Values = values.ToArray();
        Weights = weights?.ToArray();
        _cumulative = new double[Values.Count];
        double sum = 0;
        for (int i = 0; i < Values.Count; i++) _cumulative[i] = sum += Weights?[i] ?? 1;
    }

    public IReadOnlyList<double> Values { get; }
    public IReadOnlyList<double>? Weights { get; }

    public override double Sample(Random rng)
    {
        if (Values.Count == 1) return Values[0];
        double u = rng.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, u);
        i = i >= 0 ? i + 1 : ~i; // the first cumulative weight above u
        return Values[Math.Min(i, Values.Count - 1)];
    }
}
