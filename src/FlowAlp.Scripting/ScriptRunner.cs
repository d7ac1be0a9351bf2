using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Scripting;

/// <summary>
/// <c>flowalp script</c>: parses a script, runs its steps through the engine's <see cref="OperationRunner"/> and
/// prints one line per step. On a protocol failure the line says ok:false with the reason; the script goes on.
/// </summary>
public sealed class ScriptRunner
{
    private readonly OperationRunner _runner;
    // only the steps are kept: the set-up (every genesis wallet) lives on in the world, not twice
    private readonly IReadOnlyList<Step> _steps;

    public ScriptRunner(Script script)
    {
        _steps = script.Steps;
        _runner = new OperationRunner(script);
    }

    public ScriptWorld World => _runner.World;

    /// <summary>Parses and runs <paramref name="json"/>; throws <see cref="ScriptFormatException"/> before running anything if malformed.</summary>
    public static IEnumerable<string> RunText(string json) => new ScriptRunner(ScriptParser.Parse(json)).Run();

    /// <summary>Parses and builds the world, so set-up errors (e.g. a token the pool refuses) are format errors too.</summary>
    public static ScriptRunner Load(string json) => new(ScriptParser.Parse(json));

    public IEnumerable<string> Run()
    {
        foreach (var step in _steps) yield return ScriptOutput.Line(RunStep(step));
    }

    public OperationOutcome RunStep(Step step) => _runner.RunStep(step);
}
