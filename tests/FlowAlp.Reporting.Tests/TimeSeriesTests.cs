namespace FlowAlp.Reporting.Tests;

public class TimeSeriesTests
{
    [Fact]
    public void Keeps_columns_and_exact_strings()
    {
        var s = Samples.Series();
        Assert.Equal(["time", "debt", "collateral", "health"], s.Columns);
        Assert.Equal(4, s.RowCount);
        Assert.Equal("615.38461538", s.Rows[1][1]);
        Assert.Equal(1, s.IndexOf("debt"));
        Assert.Equal(-1, s.IndexOf("nope"));
        Assert.Equal([0, 3600, 7200, 10800], s.GetDoubles("time"));
    }

    [Fact]
    public void AddRow_validates_count_null_and_time()
    {
        var s = new TimeSeries("time", "a");
        var e = Assert.Throws<ArgumentException>(() => s.AddRow("0"));
        Assert.StartsWith("values: expected 2 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => s.AddRow("0", "1", "2"));
        Assert.StartsWith("values: expected 2 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => s.AddRow("x", "1"));
        Assert.StartsWith("values: time", e.Message);
        e = Assert.Throws<ArgumentException>(() => s.AddRow("0", null!));
        Assert.StartsWith("values: value for column \"a\" is null", e.Message);
        s.AddRow("10", "1");
        s.AddRow("10", "2");
        e = Assert.Throws<ArgumentException>(() => s.AddRow("5", "1"));
        Assert.Contains("before the previous row", e.Message);
        Assert.Equal(2, s.RowCount);
    }

    [Fact]
    public void AddRow_copies_the_array()
    {
        var s = new TimeSeries("time", "a");
        string[] row = ["0", "1"];
        s.AddRow(row);
        row[1] = "changed";
        Assert.Equal("1", s.Rows[0][1]);
    }

    [Fact]
    public void Columns_are_validated()
    {
        Assert.StartsWith("columns:", Assert.Throws<ArgumentException>(() => new TimeSeries()).Message);
        Assert.StartsWith("columns: the first column must be \"time\"", Assert.Throws<ArgumentException>(() => new TimeSeries("t", "a")).Message);
        Assert.StartsWith("columns: duplicate column \"a\"", Assert.Throws<ArgumentException>(() => new TimeSeries("time", "a", "a")).Message);
        Assert.StartsWith("columns: column 1 has an empty name", Assert.Throws<ArgumentException>(() => new TimeSeries("time", " ")).Message);
    }

    [Fact]
    public void GetDoubles_names_the_bad_cell()
    {
        var s = new TimeSeries("time", "a");
        s.AddRow("0", "1.5");
        s.AddRow("1", "n/a");
        var e = Assert.Throws<ArgumentException>(() => s.GetDoubles("a"));
        Assert.StartsWith("series: row 1 column \"a\" value \"n/a\"", e.Message);
        Assert.StartsWith("column: unknown column", Assert.Throws<ArgumentException>(() => s.GetDoubles("b")).Message);
    }
}
