namespace FlowAlp.Simulation.Prices;

/// <summary>
/// How a CSV price file writes its time column. <see cref="Seconds"/>: seconds from the start of the run (the default).
/// <see cref="Unix"/>: Unix epoch seconds; <see cref="Iso8601"/>: ISO-8601 date-times (e.g. 2021-05-19T12:00:00Z, no
/// zone = UTC). With an absolute format the earliest record of the file is the run's time 0.
/// </summary>
public enum CsvTimeFormat { Seconds, Unix, Iso8601 }
