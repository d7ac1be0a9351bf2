using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Operations;

/// <summary>
/// Runs operations against the world, one at a time. Each state-changing operation is one atomic transaction: on a
/// protocol failure the outcome is Reverted with the reason and state is exactly as before; the caller goes on.
/// </summary>
public sealed class OperationRunner
{
    public ScriptWorld World { get; }

    /// <summary>Builds the world from <paramref name="setup"/> (its steps are not run); bad set-up throws <see cref="ScriptFormatException"/>.</summary>
    public OperationRunner(Script setup) => World = new ScriptWorld(setup);

    public OperationOutcome RunStep(Step step)
    {
        var pool = World.Pool;
        var emitted = new List<object>();
        TakeEvents(emitted);
        emitted.Clear();
        try
        {
            OperationResult result = step switch
            {
                QueryStep q => pool.Query(() => ScriptQueries.Run(World, q)),
                AdvanceTimeStep a => AdvanceTime(a, emitted),
                _ => World.Tx.Run(() => Execute(step)),
            };
            TakeEvents(emitted);
            return OperationOutcome.Succeeded(step, result, emitted);
        }
        catch (ProtocolException e)
        {
            TakeEvents(emitted);
            return OperationOutcome.NotOk(step, OutcomeStatus.Reverted, e.Reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a protocol revert: the transaction was still rolled back; report it on the line, keep going.
            TakeEvents(emitted);
            return OperationOutcome.NotOk(step, OutcomeStatus.Failed, $"internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Pool events first, then the rebalancers': within one run the rebalance happens before its bookkeeping.</summary>
    private void TakeEvents(List<object> into)
    {
        into.AddRange(World.Pool.TakeEvents());
        into.AddRange(World.Rebalancers.Events.TakeEvents());
    }

    /// <summary>
    /// Moves the block time, then executes every scheduled run that fell due, in the scheduler's order, each in its
    /// own transaction (so not inside the step's); their events land on this line in emission order.
    /// </summary>
    private TimeAdvanced AdvanceTime(AdvanceTimeStep s, List<object> emitted)
    {
        var pool = World.Pool;
        pool.AdvanceTo(pool.Now + s.Seconds);
        while (World.Rebalancers.Scheduler.RunNextDue(pool.Now)) TakeEvents(emitted);
        return new TimeAdvanced(pool.Now);
    }

    private OperationResult Execute(Step step)
    {
        var w = World;
        var pool = w.Pool;
        switch (step)
        {
            case CreatePositionStep s:
                w.Accounts.Debit(s.As, s.Token, s.Amount);
                return new PositionCreated(pool.CreatePosition(new Vault(s.Token, s.Amount), w.SinkFor(s.Sink), w.SourceFor(s.Source), s.Push));
            case DepositStep s:
            {
                w.Accounts.Debit(s.As, s.Token, s.Amount);
                var r = pool.Deposit(s.Position, new Vault(s.Token, s.Amount), s.Push);
                return new DepositAccepted(r.Accepted, r.Queued);
            }
            case WithdrawStep s:
            {
                var amount = pool.Withdraw(s.Position, s.Token, s.Amount, s.Pull);
                w.Accounts.Credit(s.As, s.Token, amount);
                return new AmountResult(amount);
            }
            case RebalanceStep s:
                pool.Rebalance(s.Position, s.Force);
                return NoResult.Instance;
            case SetHealthBoundsStep s:
            {
                foreach (var (which, value) in s.Bounds)
                {
                    var v = value.ToUFix128();
                    if (which == "min") pool.SetMinHealth(s.Position, v);
                    else if (which == "target") pool.SetTargetHealth(s.Position, v);
                    else pool.SetMaxHealth(s.Position, v);
                }
                var p = pool.PositionOf(s.Position);
                return new HealthBoundsResult(p.MinHealth, p.TargetHealth, p.MaxHealth);
            }
            case SetConnectorStep { Op: "setSink" } s:
                pool.SetDrawDownSink(s.Position, w.SinkFor(s.Account));
                return NoResult.Instance;
            case SetConnectorStep s:
                pool.SetTopUpSource(s.Position, w.SourceFor(s.Account));
                return NoResult.Instance;
            case SetPriceStep s:
                w.Oracle.Set(s.Token, s.Price);
                return NoResult.Instance;
            case SetDexPriceStep s:
                w.Dex.SetRatio(s.In, s.Out, s.Price);
                return NoResult.Instance;
            case LiquidateStep s:
            {
                var seized = pool.ManualLiquidation(s.Position, s.DebtToken, s.SeizeToken, s.SeizeAmount, new Vault(s.RepayToken, s.RepayAmount));
                w.Accounts.Debit(s.As, s.RepayToken, s.RepayAmount);
                w.Accounts.Credit(s.As, seized.Token, seized.Amount);
                return new LiquidationResult(s.RepayAmount, seized.Amount, pool.Query(() => pool.PositionHealth(s.Position)));
            }
            case AsyncUpdateStep:
                return new AsyncUpdateResult(pool.AsyncUpdate());
            case GovernanceStep s:
                ScriptGovernance.Apply(pool, s);
                return NoResult.Instance;
            case CollectStep { Op: "collectInsurance" } s:
                return new AmountResult(pool.CollectInsurance(s.Token));
            case CollectStep s:
                return new AmountResult(pool.CollectStability(s.Token));
            case MintStep s:
                w.Accounts.Credit(s.To, s.Token, s.Amount);
                return NoResult.Instance;
            case CreateRebalancerStep s:
                w.Rebalancers.Create(s);
                return NoResult.Instance;
            case RebalancerActionStep { Op: "fixReschedule" } s:
                w.Rebalancers.FixReschedule(s.Position);
                return NoResult.Instance;
            case RebalancerActionStep s:
                w.Rebalancers.Delete(s.Position);
                return NoResult.Instance;
            default:
                throw new ProtocolException($"op '{step.Op}' is not supported by this runner");
        }
    }
}
