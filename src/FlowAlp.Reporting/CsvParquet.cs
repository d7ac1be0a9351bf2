using System.Globalization;
using System.Text;

namespace FlowAlp.Reporting;

/// <summary>
/// A CSV that FlowAlp wrote (header, RFC 4180 quoting) copied to Parquet with typed columns: a column whose cells are
/// all whole numbers is Int64, one of numbers (FlowAlp prints its decimals with a '.', so a decimal column never
/// looks whole) is Double, one of "true"/"false" only is Bool, anything else String; an empty cell is null. The types come from a first pass over the
/// whole file and the rows from a second, streamed in row groups, so a long run's series is never held whole.
/// </summary>
public static class CsvParquet
{
    /// <summary>Writes <paramref name="parquetPath"/> from <paramref name="csvPath"/>; returns the columns and their types.</summary>
    public static IReadOnlyList<(string Name, ParquetColumnType Type)> Convert(string csvPath, string parquetPath)
    {
        string[] header;
        ParquetColumnType?[] seen;
        using (var reader = Open(csvPath))
        {
            header = ReadRecord(reader) ?? throw new InvalidDataException($"{Path.GetFileName(csvPath)}: is empty (no header)");
            seen = new ParquetColumnType?[header.Length];
            int line = 1;
            while (ReadRecord(reader) is { } cells)
            {
                line++;
                Check(csvPath, line, cells, header.Length);
                for (int i = 0; i < cells.Length; i++) seen[i] = Widen(seen[i], cells[i]);
            }
        }
        // a column with no value at all is typed Double (a metric that never had one), never guessed from nothing
        var columns = header.Select((name, i) => (name, seen[i] ?? ParquetColumnType.Double)).ToList();
        using (var reader = Open(csvPath))
        using (var table = new ParquetTableWriter(parquetPath, columns))
        {
            ReadRecord(reader);
            var batch = new List<string[]>(ParquetTables.RowGroupRows);
            while (ReadRecord(reader) is { } cells)
            {
                batch.Add(cells);
                if (batch.Count == ParquetTables.RowGroupRows) { table.WriteRowGroup(Columns(batch, columns)); batch.Clear(); }
            }
            if (batch.Count > 0) table.WriteRowGroup(Columns(batch, columns));
            table.Commit();
        }
        return columns;
    }

    /// <summary>
    /// Writes <paramref name="parquetPath"/> from cells already in memory (the rows a CSV was printed from), typed as
    /// <see cref="Convert"/> types the same CSV, so the file is the same as converting it; returns the columns and their types.
    /// </summary>
    public static IReadOnlyList<(string Name, ParquetColumnType Type)> Write(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string parquetPath)
    {
        var seen = new ParquetColumnType?[header.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            Check(parquetPath, r + 2, rows[r], header.Count);
            for (int i = 0; i < rows[r].Length; i++) seen[i] = Widen(seen[i], rows[r][i]);
        }
        var columns = header.Select((name, i) => (name, seen[i] ?? ParquetColumnType.Double)).ToList();
        using var table = new ParquetTableWriter(parquetPath, columns);
        foreach (var batch in rows.Chunk(ParquetTables.RowGroupRows)) table.WriteRowGroup(Columns(batch.ToList(), columns));
        table.Commit();
        return columns;
    }

    private static StreamReader Open(string path) => new(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 1 << 16);

    private static void Check(string path, int line, string[] cells, int width)
    {
        if (cells.Length != width) throw new InvalidDataException($"{Path.GetFileName(path)}:{line}: {cells.Length} cells, the header has {width}");
    }

    /// <summary>The narrowest type that holds every cell so far: Int64 ⊂ Double ⊂ String; Bool (FlowAlp's "true"/"false") only with Bool, else String.</summary>
    private static ParquetColumnType? Widen(ParquetColumnType? sofar, string cell)
    {
        if (cell.Length == 0 || sofar == ParquetColumnType.String) return sofar;
        ParquetColumnType here = cell is "true" or "false" ? ParquetColumnType.Bool
            : long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? ParquetColumnType.Int64
            : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? ParquetColumnType.Double
            : ParquetColumnType.String;
        if (sofar is null || sofar == here) return here;
        if (sofar == ParquetColumnType.Bool || here == ParquetColumnType.Bool) return ParquetColumnType.String;
        return (ParquetColumnType)Math.Max((int)sofar, (int)here);
    }

    private static Array[] Columns(List<string[]> rows, IReadOnlyList<(string Name, ParquetColumnType Type)> columns)
    {
        var result = new Array[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            switch (columns[c].Type)
            {
                case ParquetColumnType.Int64:
                    result[c] = rows.Select(r => r[c].Length == 0 ? (long?)null : long.Parse(r[c], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case ParquetColumnType.Double:
                    result[c] = rows.Select(r => r[c].Length == 0 ? (double?)null : double.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case ParquetColumnType.Bool:
                    result[c] = rows.Select(r => r[c].Length == 0 ? (bool?)null : r[c] == "true").ToArray();
                    break;
                default:
                    result[c] = rows.Select(r => r[c].Length == 0 ? null : r[c]).ToArray();
                    break;
            }
        }
        return result;
    }

    /// <summary>One CSV record (quoted cells may hold commas, quotes and line breaks), or null at the end.</summary>
    internal static string[]? ReadRecord(TextReader reader)
    {
        int ch = reader.Read();
        if (ch < 0) return null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        while (true)
        {
            if (quoted)
            {
                if (ch < 0) throw new InvalidDataException("a quoted cell is not closed before the end of the file");
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); cell.Append('"'); }
                    else quoted = false;
                }
                else cell.Append((char)ch);
            }
            else if (ch == '"' && cell.Length == 0) quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (ch is '\n' or -1)
            {
                cells.Add(cell.ToString());
                return cells.ToArray();
            }
            else if (ch == '\r' && reader.Peek() == '\n') { }
            else cell.Append((char)ch);
            ch = reader.Read();
        }
    }
}
