using System.Globalization;
using ScottPlot;

namespace FlowAlp.Reporting;

/// <summary>Renders the report plots with ScottPlot 5 into PNG bytes, with the embedded font and fixed sizes.</summary>
internal static class PlotRenderer
{
    public const int Width = 1000;
    public const int Height = 500;

    // ScottPlot keeps global font caches; rendering one plot at a time keeps things simple and deterministic.
    internal static readonly object Gate = new();

    public static byte[] LinePlot(string title, string yLabel, double[] hours, IReadOnlyList<(string Name, double[] Values)> lines, bool logY)
    {
        lock (Gate)
        {
            EmbeddedFontResolver.EnsureRegistered();
            var plot = new Plot();
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
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
            plot.Title(title);
            plot.XLabel("time (h)");
            plot.YLabel(logY ? yLabel + " (log scale)" : yLabel);
            plot.ShowLegend(Edge.Bottom); // outside the data area, under the x axis
            return Finish(plot);
        }
    }

    /// <summary>One bar per run; bars with no value (null) are left out but keep their slot and label.</summary>
    public static byte[] BarChart(string title, IReadOnlyList<string> labels, IReadOnlyList<(double Value, string Text)?> values)
    {
        lock (Gate)
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
                plottable.ValueLabelStyle.FontSize = 12;
                plottable.ValueLabelStyle.FontName = EmbeddedFontResolver.FontName; // Plot.Font.Set does not reach plottable labels
            }
            var positions = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
            // Fixed limits: every run keeps its slot (also one without a value), bars start at 0, room above for labels.
            double lo = Math.Min(0, bars.Count > 0 ? bars.Min(b => b.Value) : 0);
            double hi = Math.Max(0, bars.Count > 0 ? bars.Max(b => b.Value) : 0);
            double pad = hi > lo ? (hi - lo) * 0.12 : 1;
            plot.Axes.SetLimits(-0.6, labels.Count - 0.4, lo < 0 ? lo - pad : 0, hi > 0 || lo == 0 ? hi + pad : 0);
            plot.Title(title);
            return Finish(plot);
        }
    }

    internal static byte[] Finish(Plot plot)
    {
        plot.Font.Set(EmbeddedFontResolver.FontName);
        using var image = plot.GetImage(Width, Height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    internal static string Number(double v) =>
        Math.Abs(v) >= 1e6 || (v != 0 && Math.Abs(v) < 1e-3) ? v.ToString("G4", CultureInfo.InvariantCulture) : v.ToString("0.######", CultureInfo.InvariantCulture);
}
