namespace FlowAlp.Reporting;

/// <summary>
/// A line plot of some columns of a <see cref="TimeSeries"/> against time (x axis in hours),
/// written as <c>plots/&lt;File&gt;.png</c>. <paramref name="File"/> is a bare name of letters, digits,
/// '.', '_' or '-' (no extension). With <paramref name="LogY"/> the y axis is logarithmic (base 10) and
/// non-positive values are left out of the plot.
/// </summary>
/// <param name="File">File name without extension, e.g. "health".</param>
/// <param name="Title">Plot title.</param>
/// <param name="YLabel">Y axis label.</param>
/// <param name="Columns">Columns of the series to draw, one line each (not "time").</param>
/// <param name="LogY">Logarithmic y axis.</param>
public sealed record PlotSpec(string File, string Title, string YLabel, IReadOnlyList<string> Columns, bool LogY = false);
