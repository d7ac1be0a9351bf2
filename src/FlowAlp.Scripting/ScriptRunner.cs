using System.Text.Json.Nodes;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Scripting;

/// <summary>
/// Runs a parsed script step by step. Each state-changing step is one atomic transaction: on a protocol failure
/// the line says ok:false with the reason and state is exactly as before; the script goes on.
/// </summary>
public sealed class ScriptRunner
{
    public ScriptWorld World { get; }
    // only the steps are kept: the set-up (every genesis wallet) lives on in the world, not twice
    private readonly IReadOnlyList<Step> _steps;

    public ScriptRunner(Script script)
    {
        _steps = script.Steps;
        World = new ScriptWorld(script);
    }

    /// <summary>Parses and runs <paramref name="json"/>; throws <see cref="ScriptFormatException"/> before running anything if malformed.</summary>
    public static IEnumerable<string> RunText(string json) => new ScriptRunner(ScriptParser.Parse(json)).Run();

    /// <summary>Parses and builds the world, so set-up errors (e.g. a token the pool refuses) are format errors too.</summary>
    public static ScriptRunner Load(string json) => new(ScriptParser.Parse(json));

    public IEnumerable<string> Run()
    {
        foreach (var step in _steps) yield return RunStep(step).ToJsonString();
    }

    public JsonObject RunStep(Step step)
    {
        var pool = World.Pool;
        var emitted = new List<object>();
        TakeEvents(emitted);
        emitted.Clear();
        JsonObject line = new() { ["step"] = step.Index, ["op"] = step.Op };
        try
        {
            JsonObject result = step switch
            {
                QueryStep q => pool.Query(() => ScriptQueries.Run(World, q)),
                AdvanceTimeStep a => AdvanceTime(a, emitted),
                _ => World.Tx.Run(() => Execute(step)),
            };
            TakeEvents(emitted);
            line["ok"] = true;
            line["result"] = result;
            line["events"] = ScriptOutput.Events(emitted);
        }
        catch (ProtocolException e)
        {
            TakeEvents(emitted);
            line["ok"] = false;
            line["error"] = e.Reason;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a protocol revert: the transaction was still rolled back; report it on the line, keep going.
            TakeEvents(emitted);
            line["ok"] = false;
            line["error"] = $"internal error: {e.GetType().Name}: {e.Message}";
        }
        return line;
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
    private JsonObject AdvanceTime(AdvanceTimeStep s, List<object> emitted)
    {
        var pool = World.Pool;
        pool.AdvanceTo(pool.Now + s.Seconds);
        while (World.Rebalancers.Scheduler.RunNextDue(pool.Now)) TakeEvents(emitted);
        return new JsonObject { ["time"] = pool.Now.ToString() };
    }

    private JsonObject Execute(Step step)
    {
        var w = World;
        var pool = w.Pool;
        switch (step)
        {
            case CreatePositionStep s:
                w.Accounts.Debit(s.As, s.Token, s.Amount);
                return new JsonObject { ["position"] = pool.CreatePosition(new Vault(s.Token, s.Amount), w.SinkFor(s.Sink), w.SourceFor(s.Source), s.Push) };
            case DepositStep s:
            {
                w.Accounts.Debit(s.As, s.Token, s.Amount);
                var r = pool.Deposit(s.Position, new Vault(s.Token, s.Amount), s.Push);
                return new JsonObject { ["accepted"] = r.Accepted.ToString(), ["queued"] = r.Queued.ToString() };
            }
            case WithdrawStep s:
            {
                var amount = pool.Withdraw(s.Position, s.Token, s.Amount, s.Pull);
                w.Accounts.Credit(s.As, s.Token, amount);
                return new JsonObject { ["amount"] = amount.ToString() };
            }
            case RebalanceStep s:
                pool.Rebalance(s.Position, s.Force);
                return new JsonObject();
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
                return new JsonObject { ["min"] = p.MinHealth.ToString(), ["target"] = p.TargetHealth.ToString(), ["max"] = p.MaxHealth.ToString() };
            }
            case SetConnectorStep { Op: "setSink" } s:
                pool.SetDrawDownSink(s.Position, w.SinkFor(s.Account));
                return new JsonObject();
            case SetConnectorStep s:
                pool.SetTopUpSource(s.Position, w.SourceFor(s.Account));
                return new JsonObject();
            case SetPriceStep s:
                w.Oracle.Set(s.Token, s.Price);
                return new JsonObject();
            case SetDexPriceStep s:
                w.Dex.SetRatio(s.In, s.Out, s.Price);
                return new JsonObject();
            case LiquidateStep s:
            {
                var seized = pool.ManualLiquidation(s.Position, s.DebtToken, s.SeizeToken, s.SeizeAmount, new Vault(s.RepayToken, s.RepayAmount));
                w.Accounts.Debit(s.As, s.RepayToken, s.RepayAmount);
                w.Accounts.Credit(s.As, seized.Token, seized.Amount);
                return new JsonObject
                {
                    ["repaid"] = s.RepayAmount.ToString(), ["seized"] = seized.Amount.ToString(),
                    ["health"] = pool.Query(() => pool.PositionHealth(s.Position)).ToString(),
                };
            }
            case AsyncUpdateStep:
                return new JsonObject { ["processed"] = pool.AsyncUpdate() };
            case GovernanceStep s:
                ScriptGovernance.Apply(pool, s);
                return new JsonObject();
            case CollectStep { Op: "collectInsurance" } s:
                return new JsonObject { ["amount"] = pool.CollectInsurance(s.Token).ToString() };
            case CollectStep s:
                return new JsonObject { ["amount"] = pool.CollectStability(s.Token).ToString() };
            case MintStep s:
                w.Accounts.Credit(s.To, s.Token, s.Amount);
                return new JsonObject();
            case CreateRebalancerStep s:
                w.Rebalancers.Create(s);
                return new JsonObject();
            case RebalancerActionStep { Op: "fixReschedule" } s:
                w.Rebalancers.FixReschedule(s.Position);
                return new JsonObject();
            case RebalancerActionStep s:
                w.Rebalancers.Delete(s.Position);
                return new JsonObject();
            default:
                throw new ProtocolException($"op '{step.Op}' is not supported by this runner");
        }
    }
}
