using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// Bad input as the CLI says it: Simulation names an argument neutrally ("set", "at", "out"); here it becomes the
/// option the user typed (<c>--set</c>). A scenario field (a JSON path) and every other message are said as they are.
/// </summary>
internal static class InputErrors
{
    public static string Line(Exception e) => e is ScenarioException { IsArgument: true } a ? $"{Flag(a.Field)}: {a.Reason}" : e.Message;

    /// <summary>Every argument's neutral name is its option's name without the dashes.</summary>
    public static string Flag(string field) => "--" + field;
}
