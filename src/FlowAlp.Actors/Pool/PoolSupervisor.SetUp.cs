using Akka.Actor;
using FlowAlp.Protocol;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Pool;

/// <summary>Opens many positions in one message (<see cref="PoolCore.ApplySetUp"/>); replies <see cref="PositionsSetUp"/>, or Status.Failure when a vault or connector is refused.</summary>
public sealed record SetUpPositions(IReadOnlyList<PositionOpening> Openings);
public sealed record PositionsSetUp(SetUpOutcome Outcome);

/// <summary>Many rebalancers in one message, each as <see cref="AddRebalancer"/>; replies <see cref="RebalancersAdded"/>, or Status.Failure at the first refused (those before it stay).</summary>
public sealed record AddRebalancers(IReadOnlyList<(long Position, RebalancerSpec Spec)> Rebalancers);
public sealed record RebalancersAdded(int Count);

/// <summary>
/// Set-up in bulk: one message per batch instead of one round trip per step. The core applies the steps exactly as
/// one at a time; the position actors are then created once for the new positions (with their state after the batch,
/// which is where the one-step path's refreshes leave them), and positions opened before the batch that a step touched
/// are refreshed once each.
/// </summary>
public sealed partial class PoolSupervisor
{
    private void ReceiveSetUp()
    {
        Receive<SetUpPositions>(m => WhenIdle(m, () =>
        {
            long before = ThePool.PositionCount;
            var touched = new SortedSet<long>();
            void Collect(FlowAlp.Engine.Operations.OperationOutcome o)
            {
                foreach (var e in o.Events)
                    if (EventJson.PositionOf(e) is { } p && p < before) touched.Add(p);
            }
            object reply;
            try { reply = new PositionsSetUp(_core.ApplySetUp(m.Openings, Collect)); }
            catch (Exception e) when (e is ArgumentException or ProtocolException) { reply = new Status.Failure(e); }
            EnsurePositionActors();
            foreach (var pid in touched) Refresh(pid);
            Sender.Tell(reply);
        }));
        Receive<AddRebalancers>(m => WhenIdle(m, () =>
        {
            try
            {
                foreach (var (position, spec) in m.Rebalancers) AddRebalancerNow(position, spec);
                Sender.Tell(new RebalancersAdded(m.Rebalancers.Count));
            }
            catch (Exception e) when (e is ArgumentException or ProtocolException) { Sender.Tell(new Status.Failure(e)); }
        }));
    }
}
