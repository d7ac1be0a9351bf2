using FlowAlp.Engine.Operations;
using FlowAlp.Protocol.Interest;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// Applies the scenario's CSV interest-rate paths: after step k, each token whose path has a rate due (see
/// <see cref="InterestRatePath.DueAt"/>) gets a fixed curve at that rate through the governance path (so the event log
/// records a GovernanceChanged line), in token order, the same on either engine.
/// </summary>
internal static class InterestRateChanges
{
    public static async Task ApplyDue(ISimulationEngine engine, Scenario s, long step)
    {
        foreach (var path in s.InterestRatePaths)
        {
            if (path.DueAt(step, s.StepSeconds) is not { } rate) continue;
            var outcome = await engine.Step(new GovernanceStep(0, "interestCurve", path.Token, new GovernanceValue(Curve: new FixedCurve(rate.ToUFix128()))));
            if (!outcome.Ok) throw new SimulationException($"tokens.{path.Token}.interestCurve: the rate {rate} from {path.File} at step {step} was refused: {outcome.Error}");
        }
    }
}
