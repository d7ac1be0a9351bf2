using System.Globalization;
using System.Text.Json;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// Reads a population field given as an object: <c>{min, max}</c> or <c>{"dist": "uniform", min, max}</c> (the same
/// uniform draw), <c>{"dist": "normal", mean, stdDev, min?, max?}</c>, <c>{"dist": "lognormal", mu or median, sigma,
/// min?, max?}</c>, <c>{"dist": "empirical", values, weights?}</c>. Every value lies within the field's limits
/// [<paramref name="lo"/>, <paramref name="hi"/>]; a normal or lognormal side without a bound is cut at 8 σ.
/// </summary>
internal static class DistributionReader
{
    public const int MaxEmpiricalValues = 100_000;

    /// <summary>Bounds that leave less than this share of the distribution are refused (the draws would pile on a bound).</summary>
    private const double LeastMass = 1e-6;

    private static readonly string[] Shapes = ["uniform", "normal", "lognormal", "empirical"];

    public static Dist Read(JsonReader d, double lo, double hi)
    {
        string shape = d.Has("dist") ? d.OneOf("dist", "uniform", Shapes) : "uniform";
        return shape switch
        {
            "normal" => Normal(d, lo, hi),
            "lognormal" => Lognormal(d, lo, hi),
            "empirical" => Empirical(d, lo, hi),
            _ => Uniform(d, lo, hi),
        };
    }

    /// <summary>The original <c>{min, max}</c> form: its checks and messages are unchanged.</summary>
    private static Dist Uniform(JsonReader d, double lo, double hi)
    {
        var dist = new Dist(d.Double("min", min: lo, max: hi), d.Double("max", min: lo, max: hi));
        if (dist.Max < dist.Min) throw d.Error("max", "must be at least min");
        return dist;
    }

    private static NormalDist Normal(JsonReader d, double lo, double hi)
    {
        double mean = d.Double("mean", min: lo, max: hi);
        double sd = StdDev(d, "stdDev");
        var (min, max) = Bounds(d, lo, hi, mean - TruncatedNormal.Cut * sd, mean + TruncatedNormal.Cut * sd);
        CheckMass(d, TruncatedNormal.Mass(mean, sd, min, max));
        return new NormalDist(mean, sd, min, max);
    }

    private static LognormalDist Lognormal(JsonReader d, double lo, double hi)
    {
        if (d.Has("mu") == d.Has("median")) throw d.Error("mu", "give exactly one of mu (the mean of ln X) or median");
        double mu = d.Has("mu") ? d.Double("mu", min: -50, max: 50) : Math.Log(d.Double("median", min: Math.Max(lo, 1e-12), max: hi));
        double sigma = StdDev(d, "sigma");
        var (min, max) = Bounds(d, Math.Max(lo, 1e-12), hi, Math.Exp(mu - TruncatedNormal.Cut * sigma), Math.Exp(mu + TruncatedNormal.Cut * sigma));
        CheckMass(d, TruncatedNormal.Mass(mu, sigma, Math.Log(min), Math.Log(max)));
        return new LognormalDist(mu, sigma, min, max);
    }

    private static EmpiricalDist Empirical(JsonReader d, double lo, double hi)
    {
        var values = d.Array("values", minCount: 1, maxCount: MaxEmpiricalValues).Select(x => JsonReader.CheckDouble(x.Item, x.Path, lo, hi)).ToList();
        List<double>? weights = null;
        if (d.Has("weights"))
        {
            weights = d.Array("weights").Select(x => JsonReader.CheckDouble(x.Item, x.Path, 0, 1e12)).ToList();
            if (weights.Count != values.Count) throw d.Error("weights", $"must have one weight per value ({values.Count}), got {weights.Count}");
            if (weights.Any(w => w <= 0)) throw d.Error("weights", "every weight must be greater than 0");
        }
        return new EmpiricalDist(values, weights);
    }

    private static double StdDev(JsonReader d, string field)
    {
        double v = d.Double(field);
        if (v < 0) throw d.Error(field, $"must not be negative, got {v.ToString(CultureInfo.InvariantCulture)}");
        if (v > 1e10) throw d.Error(field, $"must be at most 1e10, got {v.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }

    /// <summary>The declared truncation bounds (within the field's limits), else the 8 σ cut, within the limits.</summary>
    private static (double Min, double Max) Bounds(JsonReader d, double lo, double hi, double cutLo, double cutHi)
    {
        double min = d.Has("min") ? d.Double("min", min: lo, max: hi) : Math.Clamp(cutLo, lo, hi);
        double max = d.Has("max") ? d.Double("max", min: lo, max: hi) : Math.Clamp(cutHi, lo, hi);
        if (max < min) throw d.Error("max", "must be at least min");
        return (min, max);
    }

    private static void CheckMass(JsonReader d, double mass)
    {
        if (!(mass >= LeastMass))
            throw d.Error(d.Has("max") ? "max" : "min", "the bounds hold almost none of the distribution (less than 1e-6 of it): move them nearer the mean");
    }
}
