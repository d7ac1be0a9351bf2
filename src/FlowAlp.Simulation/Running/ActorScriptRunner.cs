using FlowAlp.Actors.Engine;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// Runs a protocol script through the actor engine: each step is a message to the pool supervisor, and each output
/// line must equal <c>flowalp script</c>'s (the conformance suite runs both ways).
/// </summary>
public static class ActorScriptRunner
{
    public static Task<List<string>> Run(Script script, EngineSettings? settings = null) => Run(PoolEngine.Start(script, settings), script);

    public static async Task<List<string>> Run(PoolEngine started, Script script)
    {
        await using var engine = started;
        var lines = new List<string>(script.Steps.Count);
        foreach (var step in script.Steps) lines.Add(ScriptOutput.Line(await engine.Step(step)));
        return lines;
    }
}
