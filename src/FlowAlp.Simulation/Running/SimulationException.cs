namespace FlowAlp.Simulation.Running;

/// <summary>
/// The run was refused or stopped, with one line saying why: the scenario is valid JSON but the pool refused to set it
/// up (e.g. a deposit above capacity), a folder or journal cannot be used, a resumed step does not match. A host treats
/// it as bad input (exit 2) unless it is one of the subtypes below.
/// </summary>
public class SimulationException(string message) : Exception(message);

/// <summary>
/// The journal could not write (disk full, database gone, a write timed out): the run stops, and what the journal saved
/// (up to <see cref="SavedStep"/>) stays resumable. A failed run, not bad input (exit 1).
/// </summary>
public sealed class JournalWriteException(string message, long savedStep) : SimulationException(message)
{
    public long SavedStep { get; } = savedStep;
}
