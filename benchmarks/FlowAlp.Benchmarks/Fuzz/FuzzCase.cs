namespace FlowAlp.Fuzzing;

/// <summary>
/// One fuzz input: the CLI arguments (with {DIR} standing for the case's folder) and the files written there first.
/// <see cref="Mutation"/> says what was changed, to reproduce a failure by hand.
/// </summary>
public sealed record FuzzCase(int Index, string Kind, string Seed, string Mutation, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Files);

/// <summary>How a case ended. Clean: exit 0, or exit 2 with one plain line on stderr; anything else is a failure.</summary>
public enum FuzzVerdict { Ran, Refused, Crash, Hang }

public sealed record FuzzResult(FuzzCase Case, FuzzVerdict Verdict, int ExitCode, string Stderr, double Seconds)
{
    public bool Failed => Verdict is FuzzVerdict.Crash or FuzzVerdict.Hang;

    /// <summary>One line for a report: the case, the verdict and the first stderr line.</summary>
    public override string ToString() =>
        $"case {Case.Index} ({Case.Kind}, {Case.Seed}, {Case.Mutation}): {Verdict} exit {ExitCode}: {Stderr.Split('\n')[0].Trim()}";
}
