namespace FlowAlp.Reporting;

/// <summary>
/// Which parts of a report to make (a scenario's <c>outputs.plots</c> / <c>outputs.html</c>): without
/// <paramref name="Plots"/> no PNG is rendered at all (no <c>plots/</c>, the page has no figures); without
/// <paramref name="Html"/> no <c>report.html</c> is written. The data files (CSV, JSON) are always written.
/// </summary>
public sealed record ReportParts(bool Plots = true, bool Html = true)
{
    public static readonly ReportParts All = new();
}
