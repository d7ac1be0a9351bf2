using System.Text;
using FlowAlp.Actors.Pool;
using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// timeseries.csv written while the run goes (one row per sample, flushed as it comes), so a long run's metrics live on
/// disk rather than in RAM. The bytes equal what <see cref="ReportWriter"/> writes from the same samples.
/// </summary>
/// <param name="keep">keep what the file holds (a resume cuts it back with <see cref="ResumeAt"/>); otherwise start it empty</param>
public sealed class TimeSeriesStream(Scenarios.Scenario scenario, string path, bool keep = false) : IDisposable, Running.IResumableSeries
{
    private readonly FileStream _file = new(path, keep ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read);
    private StreamWriter? _writer;
    private bool _header;

    private StreamWriter Out => _writer ??= _file.CanWrite ? new StreamWriter(_file, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" } : throw new ObjectDisposedException(path);

    public string Path => path;

    public void Add(MetricsSample m)
    {
        if (!_header) { Write(RunReport.Columns(scenario, m)); _header = true; }
        Write(RunReport.Row(scenario, m));
    }

    private void Write(IReadOnlyList<string> cells)
    {
        Out.Write(ReportWriter.CsvLine(cells));
    }

    public void Flush() => _writer?.Flush();

    public long Mark()
    {
        Flush();
        return _file.Length;
    }

    public void ResumeAt(long length)
    {
        Flush();
        if (_file.Length < length) throw new IOException($"{path}: {_file.Length} bytes, shorter than the {length} the snapshot recorded");
        _file.SetLength(length);
        _file.Position = length;
        _header = length > 0;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        _file.Dispose();
    }
}
