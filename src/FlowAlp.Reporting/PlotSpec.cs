namespace FlowAlp.Reporting;

/// <summary>
/// A line plot of some columns of a <see cref="TimeSeries"/> against time (x axis in hours),
/// written as <c>plots/&lt;File&gt;.png</c>. <paramref name="File"/> is a bare name of letters, digits,
/// '.', '_' or '-' (no extension). With <paramref name="LogY"/> the y axis is logarithmic (base 10) and
/// non-positive values are left out of the plot.
/// </summary>
/// <param name="File">File name without extension, e.g. "health".</param>
/// <param name="Title">Plot title.</param>
/// <param name="YLabel">Y axis label, with its unit, e.g. "bad debt (MOET)".</param>
/// <param name="Columns">Columns of the series to draw, one line each (not "time").</param>
/// <param name="LogY">Logarithmic y axis.</param>
/// <param name="Spans">Time windows shaded on the plot (e.g. injected faults).</param>
/// <param name="ZeroNote">Shown on the page instead of the plot when every value is 0 (e.g. "No bad debt: 0 MOET throughout the run.").</param>
public sealed record PlotSpec(string File, string Title, string YLabel, IReadOnlyList<string> Columns, bool LogY = false,
    IReadOnlyList<PlotSpan>? Spans = null, string? ZeroNote = null);

/// <summary>A shaded time window [<paramref name="FromSeconds"/>, <paramref name="UntilSeconds"/>) on a plot, with a legend label.</summary>
public sealed record PlotSpan(double FromSeconds, double UntilSeconds, string Label);
