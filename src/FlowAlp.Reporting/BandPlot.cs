using System.Globalization;
using ScottPlot;

namespace FlowAlp.Reporting;

/// <summary>
/// One line of a <see cref="BandPlot"/>: values against hours, with an optional shaded band (low..high) around it; NaN
/// leaves a gap. Lines of the same <paramref name="Color"/> index share a colour (e.g. one population's collateral and
/// debt); by default each line has its own.
/// </summary>
public sealed record BandSeries(string Name, double[] Hours, double[] Values, double[]? Low = null, double[]? High = null, bool Dashed = false, int? Color = null);

/// <summary>
/// Line plots with shaded bands (e.g. one line per population for its median health, the p5–p95 range shaded around
/// it), labelled axes with units, and optional horizontal reference lines (e.g. health 1: liquidatable below). PNG
/// bytes of the report's fixed size, rendered with the embedded font.
/// </summary>
public static class BandPlot
{
    public static byte[] Render(string title, string yLabel, IReadOnlyList<BandSeries> series, IReadOnlyList<(double Y, string Label)>? references = null)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = palette.GetColor(s.Color ?? i);
            if (s.Low is not null && s.High is not null)
            {
                foreach (var (xs, lo, hi) in Runs(s.Hours, s.Low, s.High))
                {
                    var band = plot.Add.FillY(xs, lo, hi);
                    band.FillStyle.Color = color.WithAlpha(0.18);
                    band.LineStyle.Width = 0;
                }
            }
            bool first = true;
            foreach (var (xs, ys, _) in Runs(s.Hours, s.Values, s.Values))
            {
                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = color;
                line.LineWidth = 2f;
                line.MarkerSize = xs.Length == 1 ? 5 : 0;
                if (s.Dashed) line.LinePattern = LinePattern.Dashed;
                if (first) line.LegendText = s.Name;
                first = false;
            }
        }
        foreach (var (y, label) in references ?? [])
        {
            var h = plot.Add.HorizontalLine(y);
            h.Color = Colors.Gray;
            h.LinePattern = LinePattern.Dotted;
            h.LineWidth = 1.5f;
            h.LegendText = label;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        plot.Title(title);
        plot.XLabel("time (h)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Bottom);
        plot.Font.Set(EmbeddedFontResolver.FontName);
        return PngEncoding.Render(plot, PlotRenderer.Width, PlotRenderer.Height);
    }

    /// <summary>The stretches of points where all three arrays hold numbers (a population with no one in debt leaves a gap).</summary>
    private static IEnumerable<(double[] Xs, double[] A, double[] B)> Runs(double[] xs, double[] a, double[] b)
    {
        var run = new List<int>();
        for (int i = 0; i <= xs.Length; i++)
        {
            if (i < xs.Length && double.IsFinite(a[i]) && double.IsFinite(b[i])) { run.Add(i); continue; }
            if (run.Count > 0) yield return (run.Select(j => xs[j]).ToArray(), run.Select(j => a[j]).ToArray(), run.Select(j => b[j]).ToArray());
            run.Clear();
        }
    }

    /// <summary>Tick labels people read: thousands separated (1,300,000 rather than 1.3E+06), tiny values in G4.</summary>
    private static string Number(double v) =>
        Math.Abs(v) >= 1e15 || (v != 0 && Math.Abs(v) < 1e-3) ? v.ToString("G4", CultureInfo.InvariantCulture) : v.ToString("#,0.######", CultureInfo.InvariantCulture);
}
