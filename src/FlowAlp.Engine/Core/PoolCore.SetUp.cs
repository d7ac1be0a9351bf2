using FlowAlp.Engine.Operations;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Set-up in bulk: many positions opened in one call, each step exactly as <see cref="ApplyScriptStep"/> applies it
/// (auto-borrow, capacity limits, queued deposits, events in the same order), so a batch leaves the same state and
/// event log as one call per step; the engines save a round trip per step, not protocol work.
/// </summary>
public sealed partial class PoolCore
{
    /// <summary>
    /// Applies the openings in order; <paramref name="applied"/> sees every step's outcome (the actor engine refreshes
    /// the positions it touched). Stops at the first step that is not Ok. A vault or connector the world refuses throws,
    /// as the one-call set-up does, with the openings before it applied.
    /// </summary>
    public SetUpOutcome ApplySetUp(IReadOnlyList<PositionOpening> openings, Action<OperationOutcome>? applied = null)
    {
        for (int i = 0; i < openings.Count; i++)
        {
            var opening = openings[i];
            for (int k = 0; k < opening.Steps.Count; k++)
            {
                var outcome = ApplyScriptStep(opening.Steps[k]);
                applied?.Invoke(outcome);
                if (!outcome.Ok) return new SetUpOutcome(i, outcome);
                if (k == 0 && opening.Vault is { } v) Wire(v);
            }
        }
        return SetUpOutcome.AllApplied;
    }

    private void Wire(VaultWiring v)
    {
        Strategies.AddYieldVault(v.Name, v.YieldToken, v.Apr, v.ReserveAccount);
        if (v.Source is { } source) PositionConnectors.SetTopUpSource(v.Position, source);
        if (v.Sink is { } sink) PositionConnectors.SetDrawDownSink(v.Position, sink);
    }
}
