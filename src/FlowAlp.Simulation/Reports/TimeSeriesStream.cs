using System.Security.Cryptography;
using System.Text;
using FlowAlp.Actors.Pool;
using FlowAlp.Reporting;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// timeseries.csv written while the run goes (one row per sample, flushed as it comes), so a long run's metrics live on
/// disk rather than in RAM. The bytes equal what <see cref="ReportWriter"/> writes from the same samples. A running
/// SHA-256 of what was written lets a state snapshot record the file's content, not only its length, at no extra read.
/// </summary>
/// <param name="keep">keep what the file holds (a resume cuts it back with <see cref="ResumeAt"/>); otherwise start it empty</param>
public sealed class TimeSeriesStream(Scenarios.Scenario scenario, string path, bool keep = false) : IDisposable, Running.IResumableSeries
{
    private readonly FileStream _file = new(path, keep ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
        string line = ReportWriter.CsvLine(cells);
        Out.Write(line);
        _hash.AppendData(Encoding.UTF8.GetBytes(line));
    }

    public void Flush() => _writer?.Flush();

    public (long Length, string Sha256) Mark()
    {
        Flush();
        return (_file.Length, Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant());
    }

    public void ResumeAt(long length, string? sha256)
    {
        Flush();
        string name = System.IO.Path.GetFileName(path);
        if (_file.Length < length) throw new InvalidDataException($"{name}: {_file.Length} bytes, shorter than the {length} the snapshot recorded");
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _file.Position = 0;
        var chunk = new byte[1 << 20];
        for (long left = length; left > 0;)
        {
            int n = _file.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
            if (n == 0) throw new InvalidDataException($"{name}: ended before the {length} bytes the snapshot recorded");
            hash.AppendData(chunk, 0, n);
            left -= n;
        }
        string found = Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();
        if (sha256 is not null && found != sha256)
        {
            hash.Dispose();
            throw new InvalidDataException($"{name}: its first {length} bytes do not hash to the snapshot's ({sha256[..12]}…, found {found[..12]}…)");
        }
        _hash.Dispose();
        _hash = hash;
        _file.SetLength(length);
        _file.Position = length;
        _header = length > 0;
    }

    /// <summary>Closes the file; safe to call again after a failed close (a full disk): the second call only releases it.</summary>
    public void Dispose()
    {
        var writer = _writer;
        _writer = null;
        if (_disposed) return;
        try { writer?.Dispose(); }
        finally
        {
            _disposed = true;
            _hash.Dispose();
            _file.Dispose();
        }
    }

    private bool _disposed;
}
