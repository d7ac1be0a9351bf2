using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;

namespace FlowAlp.Actors.Liquidation;

/// <summary>
/// The supervisor's list of liquidatable positions at a tick (their sheets shared by all liquidators), with the DEX as the
/// step sees it: the block's candidates, or one batch of them (<paramref name="Batch"/>).
/// </summary>
public sealed record FindOffers(long Tick, UFix64 Time, CandidateSheets Candidates, ConstantProductAmm Dex, UFix128 TargetHealth,
    Chaos.ChannelTicket? Ticket = null, OfferBatch? Batch = null);
/// <summary>
/// Where a <see cref="FindOffers"/> batch stands in its block: the block's candidate ids on its first batch (the latency
/// filter forgets every other position, as it does on a whole block), and the number of the liquidator's first offer
/// (it numbers its offers through the block, as on a whole block).
/// </summary>
public sealed record OfferBatch(IReadOnlyList<long>? BlockCandidates, int FirstSequence);
/// <summary>A liquidator's offers for the tick (possibly none); the supervisor applies all offers in canonical order.</summary>
public sealed record OffersPosted(long Tick, string Liquidator, IReadOnlyList<LiquidationOffer> Offers);
/// <summary>The verdict on one offer: accepted, or rejected with the protocol's reason (to a sender of <c>SubmitLiquidationOffer</c>).</summary>
public sealed record OfferResult(LiquidationOffer Offer, bool Accepted, string? Reason);
/// <summary>The verdicts on a liquidator's offers of one block, as its tally needs them: one message per block, not one per offer.</summary>
public sealed record OfferVerdicts(long Tick, int Accepted, int Rejected);
public sealed record GetLiquidatorStats;
public sealed record LiquidatorStats(string Name, long Posted, long Accepted, long Rejected);
/// <summary>Fault injection: the liquidator stays silent for ticks before this time (absent), then answers again.</summary>
public sealed record AbsentUntil(UFix64 Time);

/// <summary>
/// A liquidator: sizes one offer per liquidatable position from the pool's snapshot and the DEX copy (see
/// <see cref="LiquidationOfferBuilder"/>) and posts them; it keeps a tally of what the supervisor accepted.
/// </summary>
public sealed class LiquidatorActor : ReceiveActor
{
    /// <summary>What a liquidator remembers (candidates first seen, absence, counts); its Props hold it, so a restarted liquidator keeps it.</summary>
    public sealed class Memory(ulong latencySeconds)
    {
        public LatencyFilter Latency { get; } = new(latencySeconds);
        public long Posted, Accepted, Rejected;
        public UFix64 AbsentUntil = UFix64.Zero;
    }

    private bool _crashNext;
    // one sizing reused from candidate to candidate (it is this actor's alone: liquidators size in parallel), as the
    // plain loop reuses one; a sizing per candidate was most of what a block's offers allocated
    private readonly LiquidationSizing _sizing = new();

    public LiquidatorActor(string name, ushort discountBps, Memory memory)
    {
        Receive<FindOffers>(m =>
        {
            if (_crashNext) { _crashNext = false; throw new Chaos.InjectedCrashException($"liquidator {name}"); }
            var offers = new List<LiquidationOffer>();
            var ready = Ready(memory.Latency, m);
            int first = m.Batch?.FirstSequence ?? 0;
            if (m.Time >= memory.AbsentUntil)
                foreach (var (c, sheet) in m.Candidates.For(ready))
                {
                    _sizing.Start(c, m.Dex, m.TargetHealth, sheet);
                    if (LiquidationOfferBuilder.Build(name, _sizing, discountBps, first + offers.Count) is { } o) offers.Add(o);
                }
            memory.Posted += offers.Count;
            Chaos.FaultyChannel.Reply(Sender, new OffersPosted(m.Tick, name, offers), Self, m.Ticket, FlowAlp.Engine.Chaos.MessageKind.LiquidationOffers, name: name);
        });
        Receive<OfferVerdicts>(v => { memory.Accepted += v.Accepted; memory.Rejected += v.Rejected; });
        Receive<AbsentUntil>(m => memory.AbsentUntil = m.Time);
        Receive<Positions.CrashOnNextMessage>(_ => _crashNext = true);
        Receive<GetLiquidatorStats>(_ => Sender.Tell(new LiquidatorStats(name, memory.Posted, memory.Accepted, memory.Rejected)));
    }

    /// <summary>The candidates of <paramref name="m"/> the latency filter lets through (a batch after its block's first: no forgetting).</summary>
    private static IReadOnlyList<PositionSnapshot> Ready(LatencyFilter latency, FindOffers m)
    {
        if (m.Batch is null) return latency.Ready(m.Candidates.Candidates, m.Time);
        if (m.Batch.BlockCandidates is { } block) latency.Forget(block);
        return latency.ReadyAmong(m.Candidates.Candidates, m.Time);
    }

    /// <summary>The offer request that crashed it is answered by the restarted instance (the supervisor's barrier waits for it).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (message is FindOffers) Self.Tell(message, Context.Parent);
        base.PreRestart(reason, message);
    }

    public static Props Props(string name, ushort discountBps, ulong latencySeconds = 0) => Props(name, discountBps, new Memory(latencySeconds));

    /// <param name="memory">one per liquidator, reused by every restart of it (and restored from a snapshot)</param>
    public static Props Props(string name, ushort discountBps, Memory memory) => Akka.Actor.Props.Create(() => new LiquidatorActor(name, discountBps, memory));
}
