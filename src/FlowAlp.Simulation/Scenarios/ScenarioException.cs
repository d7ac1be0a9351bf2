namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Bad input: one line naming the field and the reason (exit code 2). The field is a scenario JSON path such as
/// <c>populations[1].health.target</c>, or, for a value given beside the scenario (<see cref="Argument"/>), the
/// argument's neutral name ("set", "at", "out"): a host renders that as its own spelling (the CLI's <c>--set</c>).
/// </summary>
public sealed class ScenarioException(string field, string reason, bool isArgument = false) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;

    /// <summary>The field names an argument of the run (a host's option), not a path in the scenario.</summary>
    public bool IsArgument { get; } = isArgument;

    /// <summary>A bad value of the run's argument <paramref name="name"/> (e.g. "set", "at", "seeds").</summary>
    public static ScenarioException Argument(string name, string reason) => new(name, reason, isArgument: true);
}
