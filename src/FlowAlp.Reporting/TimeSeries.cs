using System.Globalization;

namespace FlowAlp.Reporting;

/// <summary>
/// A table of exact strings: named columns, the first of which is <c>"time"</c> (seconds), and rows of
/// values kept exactly as given (money values such as <c>"615.38461538"</c> are never re-formatted).
/// Plots parse the cells they draw with <see cref="double.Parse(string, IFormatProvider)"/> in the invariant culture.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Name of the mandatory first column, in seconds.</summary>
    public const string TimeColumn = "time";

    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;
    private readonly List<string[]> _rows = new();
    private double _lastTime = double.NegativeInfinity;

    /// <summary>Creates an empty series. The first column must be <c>"time"</c>; names must be non-empty and unique.</summary>
    public TimeSeries(params string[] columns) : this((IEnumerable<string>)columns) { }

    /// <summary>Creates an empty series. The first column must be <c>"time"</c>; names must be non-empty and unique.</summary>
    public TimeSeries(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Length == 0) throw new ArgumentException("columns: at least the \"time\" column is required", nameof(columns));
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            string? c = _columns[i];
            if (string.IsNullOrWhiteSpace(c)) throw new ArgumentException($"columns: column {i} has an empty name", nameof(columns));
            if (!_index.TryAdd(c, i)) throw new ArgumentException($"columns: duplicate column \"{c}\"", nameof(columns));
        }
        if (_columns[0] != TimeColumn)
            throw new ArgumentException($"columns: the first column must be \"{TimeColumn}\", not \"{_columns[0]}\"", nameof(columns));
    }

    /// <summary>Column names, "time" first.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Rows in insertion order; each has exactly <see cref="Columns"/>.Count cells.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>Number of rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>
    /// Appends a row. Exactly one value per column, none null; the time value must be a finite number
    /// (invariant culture) not smaller than the previous row's.
    /// </summary>
    public void AddRow(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _columns.Length)
            throw new ArgumentException($"values: expected {_columns.Length} values ({string.Join(",", _columns)}), got {values.Length}", nameof(values));
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null) throw new ArgumentException($"values: value for column \"{_columns[i]}\" is null", nameof(values));
        if (!TryParse(values[0], out double t))
            throw new ArgumentException($"values: time \"{values[0]}\" is not a finite number", nameof(values));
        if (t < _lastTime)
            throw new ArgumentException($"values: time {values[0]} is before the previous row's time", nameof(values));
        _lastTime = t;
        _rows.Add((string[])values.Clone());
    }

    /// <summary>Index of a column, or -1 when there is none of that name.</summary>
    public int IndexOf(string column) => _index.TryGetValue(column, out int i) ? i : -1;

    /// <summary>True when the series has a column of that name.</summary>
    public bool HasColumn(string column) => _index.ContainsKey(column);

    /// <summary>
    /// The column's cells parsed as doubles (invariant culture). Throws
    /// <see cref="ArgumentException"/> naming the row for a cell that is not a finite number.
    /// </summary>
    public double[] GetDoubles(string column)
    {
        int c = IndexOf(column);
        if (c < 0) throw new ArgumentException($"column: unknown column \"{column}\"", nameof(column));
        var result = new double[_rows.Count];
        for (int r = 0; r < _rows.Count; r++)
        {
            if (!TryParse(_rows[r][c], out result[r]))
                throw new ArgumentException($"series: row {r} column \"{column}\" value \"{_rows[r][c]}\" is not a finite number", nameof(column));
        }
        return result;
    }

    internal static bool TryParse(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
