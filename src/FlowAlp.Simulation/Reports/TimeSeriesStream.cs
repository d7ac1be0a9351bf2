using System.Text;
using FlowAlp.Actors.Pool;
using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// timeseries.csv written while the run goes (one row per sample, flushed as it comes), so a long run's metrics live on
/// disk rather than in RAM. The bytes equal what <see cref="ReportWriter"/> writes from the same samples.
/// </summary>
public sealed class TimeSeriesStream(Scenarios.Scenario scenario, string path) : IDisposable
{
    private readonly StreamWriter _out = new(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    private bool _header;

    public string Path => path;

    public void Add(MetricsSample m)
    {
        if (!_header) { Write(RunReport.Columns(scenario, m)); _header = true; }
        Write(RunReport.Row(scenario, m));
    }

    private void Write(IReadOnlyList<string> cells)
    {
        _out.Write(ReportWriter.CsvLine(cells));
    }

    public void Flush() => _out.Flush();
    public void Dispose() => _out.Dispose();
}
