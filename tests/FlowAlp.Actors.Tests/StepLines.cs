using System.Text.Json.Nodes;
using FlowAlp.Actors.Engine;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Tests;

/// <summary>Tests that read a step's script line field by field: the engine's typed outcome, rendered as <c>flowalp script</c> prints it.</summary>
internal static class StepLines
{
    public static async Task<JsonObject> StepLine(this PoolEngine engine, Step step) => ScriptOutput.LineObject(await engine.Step(step));
}
