using Serilog;

namespace FlowAlp.Cli;

/// <summary>
/// The last-resort report of an exception no command handled: one line on stderr, never a .NET stack trace (that goes
/// into run.log when a run has one, or to stderr with FLOWALP_DEBUG=1). Exit 70. The fuzzer counts it as a failure.
/// </summary>
internal static class InternalError
{
    public const int ExitCode = 70;

    private static int? _finished;

    /// <summary>The command's exit code, once it has one: what the process exits with from then on.</summary>
    public static int Finished(int code)
    {
        _finished = code;
        return code;
    }

    /// <summary>
    /// An exception on another thread. After the command has finished (its outcome printed, its code decided), one
    /// raised by a library while the process ends (Akka's remoting tearing down after an interrupted cluster sweep) does
    /// not turn the outcome into an internal error: the process exits with the command's code; FLOWALP_DEBUG=1 shows it.
    /// </summary>
    public static int ReportUnhandled(Exception? e)
    {
        if (_finished is not { } code) return Report(e);
        if (Environment.GetEnvironmentVariable("FLOWALP_DEBUG") == "1") Console.Error.WriteLine($"flowalp: after the command finished: {e}");
        return code;
    }

    public static int Report(Exception? e)
    {
        string message = (e?.Message ?? "unknown failure").ReplaceLineEndings(" ").Trim();
        try
        {
            Console.Error.WriteLine($"flowalp: internal error: {message}; please report");
            if (Environment.GetEnvironmentVariable("FLOWALP_DEBUG") == "1") Console.Error.WriteLine(e);
            Log.Fatal(e, "internal error");
            Log.CloseAndFlush();
        }
        catch (IOException)
        {
            // stderr or run.log is gone: the exit code still says what happened
        }
        return ExitCode;
    }
}
