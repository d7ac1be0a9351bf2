using System.Globalization;
using ScottPlot;

namespace FlowAlp.Reporting;

/// <summary>Renders the report plots with ScottPlot 5 into PNG bytes, with the embedded font and fixed sizes.</summary>
internal static class PlotRenderer
{
    public const int Width = 1000;
    public const int Height = 500;

    /// <summary>
    /// Lines against time in hours; <paramref name="spans"/> shaded behind them (a window each, labelled in the legend).
    /// A linear axis of values that are never negative starts at 0 (an all-zero series shows 0…1, not −1…1).
    /// </summary>
    public static byte[] LinePlot(string title, string yLabel, double[] hours, IReadOnlyList<(string Name, double[] Values)> lines, bool logY,
        IReadOnlyList<PlotSpan>? spans = null)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        // Fault windows behind the lines: one colour and one legend entry per label; a window of one step
        // (an instant fault) is widened to 0.4 % of the time axis so it stays visible.
        var shades = new ScottPlot.Palettes.ColorblindFriendly();
        var colours = new Dictionary<string, Color>(StringComparer.Ordinal);
        double minWidth = hours.Length > 1 ? (hours[^1] - hours[0]) * 0.004 : 0;
        foreach (var span in spans ?? [])
        {
            double from = span.FromSeconds / 3600.0, until = Math.Max(span.UntilSeconds / 3600.0, from + minWidth);
            var band = plot.Add.HorizontalSpan(from, until);
            bool first = !colours.TryGetValue(span.Label, out Color colour);
            if (first) colours[span.Label] = colour = shades.GetColor(colours.Count + 3).WithAlpha(0.22);
            band.FillStyle.Color = colour;
            band.LineStyle.Width = 0;
            band.LegendText = first ? span.Label : "";
        }
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var (name, values) in lines)
        {
            var xs = new List<double>(hours.Length);
            var ys = new List<double>(hours.Length);
            for (int i = 0; i < hours.Length; i++)
            {
                if (logY && !(values[i] > 0)) continue;
                xs.Add(hours[i]);
                ys.Add(logY ? Math.Log10(values[i]) : values[i]);
            }
            if (xs.Count == 0) continue;
            min = Math.Min(min, ys.Min());
            max = Math.Max(max, ys.Max());
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = name;
            line.LineWidth = 1.5f;
            line.MarkerSize = xs.Count == 1 ? 5 : 0;
        }
        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G4", CultureInfo.InvariantCulture),
            };
        }
        else
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            if (min >= 0 && max >= min && limits.Bottom < 0) // never negative: no axis below 0 (an all-zero series gets 0…1, not −1…1)
                plot.Axes.SetLimitsY(0, max > 0 ? limits.Top : 1);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        if (hours.Length > 1 && hours[^1] > hours[0]) plot.Axes.SetLimitsX(hours[0], hours[^1]); // the run's span, no padding before 0
        plot.Title(title);
        plot.XLabel("time (h)");
        plot.YLabel(logY ? yLabel + " (log scale)" : yLabel);
        plot.ShowLegend(Edge.Bottom); // outside the data area, under the x axis
        plot.Legend.FontSize = 14;
        return Finish(plot);
    }

    /// <summary>One bar per run; bars with no value (null) are left out but keep their slot and label; <paramref name="yLabel"/> names the unit.</summary>
    public static byte[] BarChart(string title, string yLabel, IReadOnlyList<string> labels, IReadOnlyList<(double Value, string Text)?> values)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) continue;
            bars.Add(new Bar
            {
                Position = i,
                Value = v.Value,
                FillColor = palette.GetColor(i),
                Label = v.Text,
            });
        }
        if (bars.Count > 0)
        {
            var plottable = plot.Add.Bars(bars);
            plottable.ValueLabelStyle.FontSize = 15;
            plottable.ValueLabelStyle.FontName = EmbeddedFontResolver.FontName; // Plot.Font.Set does not reach plottable labels
        }
        var positions = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        // Fixed limits: every run keeps its slot (also one without a value), bars start at 0, room above for labels.
        double lo = Math.Min(0, bars.Count > 0 ? bars.Min(b => b.Value) : 0);
        double hi = Math.Max(0, bars.Count > 0 ? bars.Max(b => b.Value) : 0);
        double pad = hi > lo ? (hi - lo) * 0.12 : 1;
        plot.Axes.SetLimits(-0.6, labels.Count - 0.4, lo < 0 ? lo - pad : 0, hi > 0 || lo == 0 ? hi + pad : 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        return Finish(plot);
    }

    internal static byte[] Finish(Plot plot)
    {
        plot.Font.Set(EmbeddedFontResolver.FontName);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Left.Label.FontSize = 15;
        plot.Axes.Bottom.Label.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.FontSize = Math.Max(13, plot.Axes.Bottom.TickLabelStyle.FontSize);
        return PngEncoding.Render(plot, Width, Height);
    }

    /// <summary>Tick labels: thousands separated from 10,000 ("100,000"), G4 from a million or below 0.001.</summary>
    internal static string Number(double v) =>
        Math.Abs(v) >= 1e6 || (v != 0 && Math.Abs(v) < 1e-3) ? v.ToString("G4", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 10_000 ? "#,0.######" : "0.######", CultureInfo.InvariantCulture);
}
