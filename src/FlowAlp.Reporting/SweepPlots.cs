using ScottPlot;

namespace FlowAlp.Reporting;

/// <summary>A sweep's charts: a metric's mean per grid point with its 95 % interval as an error bar, and a heat map of a metric's mean over a two-axis grid.</summary>
internal static class SweepPlots
{
    /// <summary>One marker per grid point at the mean, whiskers from the interval's low to its high (none with a single seed).</summary>
    public static byte[] ErrorBars(string title, string xLabel, IReadOnlyList<string> labels, IReadOnlyList<SweepCell?> cells)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        var xs = new List<double>();
        var ys = new List<double>();
        var errors = new List<double>();
        var texts = new List<string>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not { } c) continue;
            xs.Add(i);
            ys.Add(c.Mean);
            errors.Add(c.Low is { } low && c.High is { } high ? (high - low) / 2 : 0);
            texts.Add(SweepReport.Format(c));
        }
        if (xs.Count > 0)
        {
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray());
            markers.MarkerSize = 9;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.LineWidth = 2;
            bars.CapSize = 12;
            bars.Color = markers.Color;
            for (int i = 0; i < xs.Count; i++)
            {
                var text = plot.Add.Text(texts[i], xs[i], ys[i] + errors[i]);
                text.LabelFontName = EmbeddedFontResolver.FontName;
                text.LabelFontSize = 12;
                text.LabelAlignment = Alignment.LowerCenter; // above the whisker
                text.OffsetY = -6;
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlotRenderer.Number };
        // every point keeps its slot; the y range covers every whisker with room around it (a flat metric gets ±1 % or ±1)
        double lo = xs.Count == 0 ? 0 : ys.Zip(errors, (y, e) => y - e).Min(), hi = xs.Count == 0 ? 1 : ys.Zip(errors, (y, e) => y + e).Max();
        double pad = hi > lo ? (hi - lo) * 0.15 : Math.Max(Math.Abs(hi) * 0.01, 1e-9);
        if (hi == lo && hi == 0) pad = 1;
        plot.Axes.SetLimits(-0.5, labels.Count - 0.5, lo - pad, hi + pad);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("mean over seeds (95 % interval)");
        return PlotRenderer.Finish(plot);
    }

    /// <summary>A cell per (x value, y value) coloured by the metric's mean (viridis, low dark to high yellow) and labelled with it; a missing cell is grey.</summary>
    public static byte[] HeatMap(string title, string xLabel, IReadOnlyList<string> xs, string yLabel, IReadOnlyList<string> ys, double?[,] means)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        var values = means.Cast<double?>().Where(v => v is not null).Select(v => v!.Value).ToList();
        double min = values.Count == 0 ? 0 : values.Min(), max = values.Count == 0 ? 0 : values.Max();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i < xs.Count; i++)
            for (int j = 0; j < ys.Count; j++)
            {
                double? v = means[i, j];
                var rect = plot.Add.Rectangle(i - 0.5, i + 0.5, j - 0.5, j + 0.5);
                double f = v is null || max == min ? 0.5 : (v.Value - min) / (max - min);
                rect.FillColor = v is null ? Colors.LightGray : colormap.GetColor(f);
                rect.LineColor = Colors.White;
                var text = plot.Add.Text(v is null ? "n/a" : SweepReport.Number(v.Value), i, j);
                text.LabelFontName = EmbeddedFontResolver.FontName;
                text.LabelFontSize = 13;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = v is not null && f > 0.6 ? Colors.Black : Colors.White;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.5, xs.Count - 0.5, -0.5, ys.Count - 0.5);
        plot.Title($"{title} (mean; {SweepReport.Number(min)} dark … {SweepReport.Number(max)} yellow)");
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return PlotRenderer.Finish(plot);
    }
}
