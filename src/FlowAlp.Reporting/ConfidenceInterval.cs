namespace FlowAlp.Reporting;

/// <summary>A two-sided confidence interval of a mean: <c>[Mean - HalfWidth, Mean + HalfWidth]</c>.</summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="HalfWidth">t quantile × sample standard deviation / √n.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="Count">Sample size.</param>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, double Level, int Count)
{
    /// <summary>Lower bound.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper bound.</summary>
    public double Upper => Mean + HalfWidth;
}
