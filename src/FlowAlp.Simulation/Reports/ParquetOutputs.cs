using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// A finished run folder's Parquet copies, for pandas/Arrow: <c>timeseries.parquet</c> from <c>timeseries.csv</c>
/// (same columns, typed), <c>positions.parquet</c> from <c>positions.csv</c> where a run writes one (typed the same
/// way, by <see cref="CsvParquet"/>) and <c>events.parquet</c> from <c>events.jsonl</c> (<see cref="EventRow"/>). Both are read
/// from the finished files, never from the run, so they hold exactly what the text files hold and writing them
/// cannot change the event log.
/// </summary>
public static class ParquetOutputs
{
    public const string TimeSeriesFile = "timeseries.parquet";
    public const string EventsFile = "events.parquet";
    public const string PositionsFile = "positions.parquet";

    /// <summary>Every name this writes in a run folder (for the folder's manifest).</summary>
    public static readonly IReadOnlyList<string> Owned = [TimeSeriesFile, EventsFile, PositionsFile, TimeSeriesFile + ".tmp", EventsFile + ".tmp", PositionsFile + ".tmp"];

    /// <summary>
    /// Writes the copies of the text files <paramref name="dir"/> holds (a run without an event log gets no events.parquet).
    /// <paramref name="positionsWritten"/>: positions.parquet was already written from the rows positions.csv was printed
    /// from (<see cref="RunReport.Write"/>), so the CSV is not read back.
    /// </summary>
    /// <paramref name="eventsWritten"/>: events.parquet was already written from the log (<see cref="WriteEvents"/>).
    public static void Write(string dir, ulong stepSeconds, OutputTimings? timings = null, bool positionsWritten = false, bool eventsWritten = false)
    {
        string csv = Path.Combine(dir, "timeseries.csv");
        if (File.Exists(csv)) timings.Time("parquet timeseries", () => CsvParquet.Convert(csv, Path.Combine(dir, TimeSeriesFile)));
        string positions = Path.Combine(dir, "positions.csv");
        if (!positionsWritten && File.Exists(positions)) timings.Time("parquet positions", () => CsvParquet.Convert(positions, Path.Combine(dir, PositionsFile)));
        string log = Path.Combine(dir, "events.jsonl");
        if (eventsWritten) return;
        if (File.Exists(log)) WriteEvents(dir, log, stepSeconds, timings);
        else File.Delete(Path.Combine(dir, EventsFile)); // an earlier run's copy must not outlive its log
    }

    /// <summary>events.parquet from a finished event log (<paramref name="log"/>: events.jsonl, or the run's complete log before it is renamed to it).</summary>
    public static void WriteEvents(string dir, string log, ulong stepSeconds, OutputTimings? timings = null) =>
        timings.Time("parquet events", () => ParquetTables.WriteRows(Path.Combine(dir, EventsFile), EventRows.Read(log, stepSeconds)));

    /// <summary>positions.parquet from positions.csv's cells (<see cref="PositionTable.Cells"/>): the same file as converting the CSV.</summary>
    public static void WritePositions(string dir, IReadOnlyList<string[]> cells) =>
        CsvParquet.Write(PositionTable.HeaderFor(cells), cells, Path.Combine(dir, PositionsFile));
}
