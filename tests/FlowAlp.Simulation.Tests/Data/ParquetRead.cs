using Parquet;
using Parquet.Schema;

namespace FlowAlp.Simulation.Tests.Data;

/// <summary>Reads a Parquet file back column by column with Parquet.Net's low-level reader (not the serializer that wrote POCO files).</summary>
internal static class ParquetRead
{
    public sealed record Table(IReadOnlyList<DataField> Fields, IReadOnlyList<object?[]> Columns, int RowGroups)
    {
        public int Rows => Columns.Count == 0 ? 0 : Columns[0].Length;
        public object?[] this[string name] => Columns[Fields.Select(f => f.Name).ToList().IndexOf(name)];
        /// <summary>The column's CLR type; text reads back as ReadOnlyMemory&lt;char&gt;, said here as string.</summary>
        public Type TypeOf(string name) => Fields.Single(f => f.Name == name).ClrType is var t && t == typeof(ReadOnlyMemory<char>) ? typeof(string) : Fields.Single(f => f.Name == name).ClrType;
    }

    public static async Task<Table> Read(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(_ => new List<object?>()).ToList();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            for (int c = 0; c < fields.Length; c++)
            {
                var f = fields[c];
                if (f.ClrType == typeof(long)) { var b = new long?[n]; await group.ReadAsync<long>(f, b.AsMemory()); columns[c].AddRange(b.Cast<object?>()); }
                else if (f.ClrType == typeof(double)) { var b = new double?[n]; await group.ReadAsync<double>(f, b.AsMemory()); columns[c].AddRange(b.Cast<object?>()); }
                else if (f.ClrType == typeof(bool)) { var b = new bool?[n]; await group.ReadAsync<bool>(f, b.AsMemory()); columns[c].AddRange(b.Cast<object?>()); }
                else if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)) { var b = new string?[n]; await group.ReadAsync(f, b.AsMemory()); columns[c].AddRange(b); }
                else throw new InvalidOperationException($"{f.Name}: unexpected column type {f.ClrType}");
            }
        }
        return new Table(fields, columns.Select(c => c.ToArray()).ToList(), reader.RowGroupCount);
    }

    /// <summary>A CSV FlowAlp wrote (no quoted cells in these tables): header and rows.</summary>
    public static (string[] Header, List<string[]> Rows) Csv(string path)
    {
        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }
}
