namespace FlowAlp.Simulation.Running;

/// <summary>
/// An output file written as the run goes (timeseries.csv): a state snapshot records its length and the SHA-256 of those
/// bytes; a resume checks the file still holds them and cuts it back to that.
/// </summary>
public interface IResumableSeries
{
    /// <summary>Flushes and returns the file's length now and the SHA-256 (lower-case hex) of its bytes.</summary>
    (long Length, string Sha256) Mark();

    /// <summary>
    /// Continues the file from <paramref name="length"/> bytes (0: from the start, a new run) after checking that its first
    /// <paramref name="length"/> bytes hash to <paramref name="sha256"/>; the file is left as it was when they do not.
    /// </summary>
    /// <exception cref="InvalidDataException">the file is shorter, or its bytes differ from what the snapshot recorded</exception>
    void ResumeAt(long length, string? sha256);
}
