namespace FlowAlp.Simulation.Running;

/// <summary>An output file written as the run goes (timeseries.csv): a state snapshot records its length, a resume cuts it back to that.</summary>
public interface IResumableSeries
{
    /// <summary>Flushes and returns the file's length now.</summary>
    long Mark();
    /// <summary>Continues the file from <paramref name="length"/> bytes (0: from the start, a new run).</summary>
    void ResumeAt(long length);
}
