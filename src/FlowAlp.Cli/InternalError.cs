using Serilog;

namespace FlowAlp.Cli;

/// <summary>
/// The last-resort report of an exception no command handled: one line on stderr, never a .NET stack trace (that goes
/// into run.log when a run has one, or to stderr with FLOWALP_DEBUG=1). Exit 70. The fuzzer counts it as a failure.
/// </summary>
internal static class InternalError
{
    public const int ExitCode = 70;

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
