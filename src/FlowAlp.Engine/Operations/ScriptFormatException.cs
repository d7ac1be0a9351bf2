namespace FlowAlp.Engine.Operations;

/// <summary>The script itself is malformed: one line naming where (step and field) and what is wrong. Exit code 2.</summary>
public sealed class ScriptFormatException(string where, string problem) : Exception($"{where}: {problem}")
{
    public string Where { get; } = where;
    public string Problem { get; } = problem;
}
