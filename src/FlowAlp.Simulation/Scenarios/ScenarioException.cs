namespace FlowAlp.Simulation.Scenarios;

/// <summary>A scenario file is invalid: one line naming the field (a JSON path such as <c>populations[1].health.target</c>) and the reason. Exit code 2.</summary>
public sealed class ScenarioException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
