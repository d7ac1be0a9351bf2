using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// The one place a run's end becomes an exit code: 0 ok (or a resume of a finished run), 1 a failed run (conservation
/// broken, journal write failed, disk full: what was saved stays resumable), 2 bad input (scenario, arguments, folder,
/// journal of another scenario, a folder in use), 130 interrupted (SIGINT/SIGTERM: stopped at a step boundary,
/// resumable). Decided by the outcome's case and the exception's type, never by message text.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    public static int For(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed c => c.Conserved ? Ok : Failed,
        RunOutcome.Interrupted => Interrupted,
        RunOutcome.JournalFailed or RunOutcome.OutputsFailed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "an outcome without an exit code"),
    };

    /// <summary>A run refused by an exception: the journal's write failure is a failed run; the rest is bad input.</summary>
    public static int For(Exception e) => e switch
    {
        JournalWriteException => Failed,
        ScenarioException or SimulationException => BadInput,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an exception without an exit code"),
    };
}
