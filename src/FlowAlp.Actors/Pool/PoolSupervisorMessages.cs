using Akka.Actor;
using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Pool;

/// <summary>A protocol-script step applied by the supervisor (user operations, governance, queries); replies <see cref="ScriptStepDone"/>.</summary>
public sealed record RunScriptStep(Step Step);
/// <summary>The step's output line, exactly as <c>flowalp script</c> prints it.</summary>
public sealed record ScriptStepDone(OperationOutcome Outcome);

/// <summary>One simulated block at <paramref name="Time"/>: prices, due rebalancers, the supervisor cron, liquidations. Replies <see cref="TickDone"/>.</summary>
public sealed record Tick(UFix64 Time);
/// <summary>How many times supervision restarted one of the supervisor's children (crashed position, rebalancer, oracle or liquidator actors).</summary>
public sealed record GetSupervisionStats;
public sealed record SupervisionStats(long ChildRestarts);



/// <summary>A scheduled rebalancer for a position (spec §4.8). Replies <see cref="RebalancerAdded"/> or <see cref="Status.Failure"/>.</summary>
public sealed record AddRebalancer(long Position, FlowAlp.Engine.Rebalancing.RebalancerSpec Spec);
public sealed record RebalancerAdded(long RebalancerId, long Position, UFix64? FirstRun);
public sealed record RemoveRebalancer(long Position);

/// <summary>A liquidator trading from <paramref name="Account"/>; it offers on every liquidatable position it finds.</summary>
public sealed record AddLiquidator(string Name, string Account, ushort DiscountBps = 50, ulong LatencySeconds = 0);

/// <summary>
/// A manual liquidation offer from outside the engine's liquidators (a user, a test, a keeper bot), paid from and seized
/// to <paramref name="Account"/>. It is queued (<see cref="OfferQueued"/>) and applied in the next tick's liquidation phase
/// with every other offer of that block in canonical order; the sender then receives an OfferResult.
/// </summary>
public sealed record SubmitLiquidationOffer(FlowAlp.Engine.Liquidation.LiquidationOffer Offer, string Account);
public sealed record OfferQueued(FlowAlp.Engine.Liquidation.LiquidationOffer Offer);

/// <summary>The DEX actor the supervisor checks liquidation offers against (replaces the script world's fixed-ratio DEX).</summary>
/// <param name="Amm">the DEX actor's pools, when the driver made them (in-process): the supervisor keeps the reference for state snapshots</param>
public sealed record UseDex(IActorRef Dex, FlowAlp.Engine.Dex.ConstantProductAmm? Amm = null);

/// <summary>Every committed event so far, one JSON line each, and the SHA-256 of the log (the determinism fingerprint).</summary>
public sealed record GetEventLog;
public sealed record EventLog(IReadOnlyList<string> Lines, string Sha256, int Count = -1);

/// <summary>The event log's position after a step (length and SHA-256) and the lines written since the last request (when collected).</summary>
public sealed record TakeStepLog;
public sealed record StepLog(string[] Lines, int Count, string Sha256);

/// <summary>Reads a position's replica from its actor (for tests and reports).</summary>
public sealed record GetPositionActor(long Position);
public sealed record PositionActorRef(long Position, IActorRef? Actor);

/// <summary>Sets (or clears, with null) a position's topUpSource; a connector that would close a cycle of positions is refused. Replies Status.Success or Status.Failure.</summary>
public sealed record SetTopUpSource(long Position, FlowAlp.Engine.Connectors.ConnectorSpec? Source);
/// <summary>Sets (or clears, with null) a position's drawDownSink; a connector that would close a cycle of positions is refused. Replies Status.Success or Status.Failure.</summary>
public sealed record SetDrawDownSink(long Position, FlowAlp.Engine.Connectors.ConnectorSpec? Sink);

/// <summary>Seeds a pair of the strategy DEX (the one yield vaults and DEX liquidity positions trade on inside a transaction).</summary>
public sealed record AddStrategyLiquidity(string TokenA, UFix64 AmountA, string TokenB, UFix64 AmountB);
/// <summary>Seeds a pair of the strategy DEX as a concentrated-liquidity pool opening at <paramref name="Price"/> (quote per token).</summary>
public sealed record AddStrategyConcentratedLiquidity(string Token, string Quote, uint FeePips, UFix64 Price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> Ranges);
/// <summary>A yield vault (FYV-style): holds <paramref name="YieldToken"/> bought on the strategy DEX, growing at <paramref name="Apr"/> paid from <paramref name="ReserveAccount"/>.</summary>
public sealed record AddYieldVault(string Name, string YieldToken, UFix64 Apr, string ReserveAccount);
/// <summary>A DEX liquidity position on the strategy DEX's <paramref name="PairedToken"/>/MOET pair.</summary>
public sealed record AddDexLiquidity(string Name, string PairedToken);
