using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FlowAlp.Reporting;

/// <summary>
/// Parquet copies of FlowAlp's tables for pandas/Arrow users (Parquet.Net, fully managed): typed columns where the CSV
/// has text. Two ways in: <see cref="WriteRows{T}"/> for a fixed row class (a POCO: each public property a column, its
/// C# type the column's type, nullable types nullable columns), and <see cref="ParquetTableWriter"/> for tables whose
/// columns are only known at run time (the time series' tokens, a sweep's grid). Every file is written to
/// <c>NAME.tmp</c> and renamed when complete, so a reader never sees half a file; rows go in row groups of
/// <see cref="RowGroupRows"/>, so a long table is never held whole in memory.
/// </summary>
public static class ParquetTables
{
    /// <summary>Rows per row group: large enough for fast column reads, small enough to stream a long run's table.</summary>
    public const int RowGroupRows = 100_000;

    /// <summary>Writes <paramref name="rows"/> (any number, streamed) as one Parquet file of <typeparamref name="T"/>'s public properties.</summary>
    public static void WriteRows<T>(string path, IEnumerable<T> rows) where T : class, new()
    {
        string tmp = path + ".tmp";
        try
        {
            bool first = true;
            foreach (var chunk in rows.Chunk(RowGroupRows))
            {
                // the first chunk creates the file, each later one appends a row group to it
                ParquetSerializer.SerializeAsync(chunk, tmp, new ParquetOptions { Append = !first }).GetAwaiter().GetResult();
                first = false;
            }
            if (first) ParquetSerializer.SerializeAsync(Array.Empty<T>(), tmp).GetAwaiter().GetResult(); // the schema, no rows
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Reads a file written by <see cref="WriteRows{T}"/> back (tests, tools).</summary>
    public static IList<T> ReadRows<T>(string path) where T : class, new() =>
        ParquetSerializer.DeserializeAsync<T>(path).GetAwaiter().GetResult().Data;

    /// <summary>Deletes a file if it can (a stale copy or a .tmp); a failure is left for the next write.</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { } // best effort: a stale .tmp is replaced by the next write
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The type of a column whose schema is known only at run time.</summary>
public enum ParquetColumnType
{
    /// <summary>64-bit integers (counts, seconds, seeds); nullable.</summary>
    Int64,
    /// <summary>64-bit floats (prices, amounts, rates, health); nullable. The CSV keeps the exact decimals.</summary>
    Double,
    /// <summary>UTF-8 strings; nullable.</summary>
    String,
    /// <summary>Booleans; nullable.</summary>
    Bool,
}

/// <summary>
/// A Parquet file with a schema built at run time: columns declared once, then row groups appended, each a column of
/// values per declared column (<c>long?[]</c>, <c>double?[]</c>, <c>string?[]</c> or <c>bool?[]</c> by type; null is a
/// missing value). <see cref="Commit"/> finishes the file and renames it into place; disposing without it removes it.
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    private readonly string _path, _tmp;
    private readonly DataField[] _fields;
    private readonly IReadOnlyList<ParquetColumnType> _types;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private bool _done;

    public ParquetTableWriter(string path, IReadOnlyList<(string Name, ParquetColumnType Type)> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("columns: a table needs at least one column", nameof(columns));
        var dup = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"columns: \"{dup.Key}\" is named twice", nameof(columns));
        _path = path;
        _tmp = path + ".tmp";
        _types = columns.Select(c => c.Type).ToArray();
        _fields = columns.Select(c => new DataField(c.Name, c.Type switch
        {
            ParquetColumnType.Int64 => typeof(long),
            ParquetColumnType.Double => typeof(double),
            ParquetColumnType.Bool => typeof(bool),
            _ => typeof(string),
        }, isNullable: true)).ToArray();
        _stream = new FileStream(_tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        try { _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream).GetAwaiter().GetResult(); }
        catch
        {
            _stream.Dispose();
            ParquetTables.TryDelete(_tmp);
            throw;
        }
    }

    /// <summary>Appends one row group: one array per column, in the declared order, all of the same length.</summary>
    public void WriteRowGroup(IReadOnlyList<Array> columns)
    {
        if (columns.Count != _fields.Length) throw new ArgumentException($"columns: {columns.Count} given, the table has {_fields.Length}", nameof(columns));
        int rows = columns[0].Length;
        using var group = _writer.CreateRowGroup();
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != rows) throw new ArgumentException($"columns: \"{_fields[i].Name}\" has {columns[i].Length} values, the first column {rows}", nameof(columns));
            var field = _fields[i];
            Task write = (_types[i], columns[i]) switch
            {
                (ParquetColumnType.Int64, long?[] v) => group.WriteAsync<long>(field, v.AsMemory()),
                (ParquetColumnType.Double, double?[] v) => group.WriteAsync<double>(field, v.AsMemory()),
                (ParquetColumnType.Bool, bool?[] v) => group.WriteAsync<bool>(field, v.AsMemory()),
                (ParquetColumnType.String, string?[] v) => group.WriteAsync(field, (IReadOnlyCollection<string>)v!),
                _ => throw new ArgumentException($"columns: \"{field.Name}\" is {_types[i]} but was given {Describe(columns[i])}", nameof(columns)),
            };
            write.GetAwaiter().GetResult();
        }
    }

    /// <summary>An array's type as C# says it ("Double?[]").</summary>
    private static string Describe(Array a)
    {
        var element = a.GetType().GetElementType()!;
        return Nullable.GetUnderlyingType(element) is { } inner ? $"{inner.Name}?[]" : $"{element.Name}[]";
    }

    /// <summary>Finishes the file (its footer) and renames it to its name.</summary>
    public void Commit()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        try { _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        catch (Exception e) when (e is IOException or InvalidOperationException) { } // the file is removed below
        _stream.Dispose();
        ParquetTables.TryDelete(_tmp);
    }
}
