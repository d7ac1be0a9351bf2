using ScottPlot;

namespace FlowAlp.Reporting;

/// <summary>
/// An optimisation's chart: the constraint's statistic and its bound at every evaluated value of the parameter, the
/// threshold as a dashed line, and the bracket the boundary lies in as a shaded band. Passing evaluations are filled
/// markers on the bound, failing ones open.
/// </summary>
internal static class FrontierPlot
{
    public static byte[] Render(FrontierChart c)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        var order = Enumerable.Range(0, c.Values.Count).OrderBy(i => c.Values[i]).ToArray();
        double[] xs = order.Select(i => c.Values[i]).ToArray();
        if (c.Interval is { } iv)
        {
            // a bracket of zero width (the range's end passed) is widened to 0.5 % of the axis so it shows
            double width = xs.Length > 1 ? (xs[^1] - xs[0]) * 0.005 : 0.001;
            var band = plot.Add.HorizontalSpan(iv.Low, Math.Max(iv.High, iv.Low + width));
            band.FillStyle.Color = Colors.Orange.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            band.LegendText = "boundary bracket";
        }
        var statistic = plot.Add.ScatterLine(xs, order.Select(i => c.Statistic[i]).ToArray());
        statistic.LegendText = c.StatisticLabel;
        statistic.LineWidth = 1.5f;
        statistic.MarkerSize = 6;
        var bound = plot.Add.ScatterLine(xs, order.Select(i => c.Bound[i]).ToArray());
        bound.LegendText = c.BoundLabel;
        bound.LineWidth = 1.5f;
        bound.LinePattern = LinePattern.Dotted;
        bound.MarkerSize = 0;
        var passing = order.Where(i => c.Passes[i]).ToArray();
        if (passing.Length > 0)
        {
            var m = plot.Add.Markers(passing.Select(i => c.Values[i]).ToArray(), passing.Select(i => c.Bound[i]).ToArray());
            m.MarkerShape = MarkerShape.FilledCircle;
            m.MarkerSize = 9;
            m.Color = Colors.ForestGreen;
            m.LegendText = "passes";
        }
        var failing = order.Where(i => !c.Passes[i]).ToArray();
        if (failing.Length > 0)
        {
            var m = plot.Add.Markers(failing.Select(i => c.Values[i]).ToArray(), failing.Select(i => c.Bound[i]).ToArray());
            m.MarkerShape = MarkerShape.OpenCircle;
            m.MarkerSize = 9;
            m.Color = Colors.Crimson;
            m.LegendText = "fails";
        }
        var threshold = plot.Add.HorizontalLine(c.Threshold);
        threshold.LinePattern = LinePattern.Dashed;
        threshold.LineWidth = 1.5f;
        threshold.Color = Colors.Black;
        threshold.LegendText = $"threshold {PlotRenderer.Number(c.Threshold)}";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlotRenderer.Number };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlotRenderer.Number };
        plot.Title(c.Title);
        plot.XLabel(c.Parameter);
        plot.YLabel(c.YLabel);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 14;
        return PlotRenderer.Finish(plot);
    }
}
