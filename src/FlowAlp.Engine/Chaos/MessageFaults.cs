using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Chaos;

/// <summary>How a round trip (request, then reply) ended after the channel's faults and the supervisor's retries.</summary>
public enum DeliveryOutcome { Delivered, Lost, Delayed }

/// <summary>
/// A round trip's record: how many sends it took (<see cref="Attempts"/>), how many copies were dropped, whether a copy
/// was duplicated, and how it ended. Both engines log it the same way (PoolCore.LogDelivery).
/// </summary>
public readonly record struct Delivery(int Attempts, int Drops, bool Duplicated, DeliveryOutcome Outcome, ulong DelaySeconds)
{
    public bool Faulted => Drops > 0 || Duplicated || Outcome != DeliveryOutcome.Delivered;
}

/// <summary>
/// The active message faults (immutable: the supervisor hands the current set to the actors inside their requests).
/// <see cref="Fate"/> is a pure function of (rule seed, block time, message key, attempt). A dropped message is sent
/// again (the retry after the barrier's virtual-time timeout) up to <see cref="MaxRetries"/> times, then the round trip
/// is lost; a delayed one misses its block (a rebalancer run is booked again <c>DelaySeconds</c> later).
/// </summary>
public sealed class MessageFaults(IReadOnlyList<MessageFaultRule> rules, int maxRetries = MessageFaults.DefaultMaxRetries)
{
    public const int DefaultMaxRetries = 3;
    public static readonly MessageFaults None = new([]);

    public IReadOnlyList<MessageFaultRule> Rules { get; } = rules;
    public int MaxRetries { get; } = maxRetries;
    public bool IsEmpty => Rules.Count == 0;

    public MessageFaults With(MessageFaultRule rule) => new(Rules.Where(r => r.Fault != rule.Fault).Append(rule).OrderBy(r => r.Fault).ToList(), MaxRetries);
    public MessageFaults Without(int fault) => new(Rules.Where(r => r.Fault != fault).ToList(), MaxRetries);

    /// <summary>The fate of one copy: the first rule (by fault index) that selects the message and whose roll hits.</summary>
    public (MessageFate Fate, ulong DelaySeconds) Fate(MessageKind kind, UFix64 time, long position, string? name, int attempt)
    {
        foreach (var r in Rules)
            if (r.Selects(kind, position, name) && Roll(r.Seed, kind, time.Floor, position, name, attempt) < r.RatePpm)
                return (r.Fate, r.DelaySeconds);
        return (MessageFate.Deliver, 0);
    }

    /// <summary>
    /// The round trip as the actor engine plays it, computed in one go (the plain loop's side): per attempt the request's
    /// fate (if it can be faulted), then the reply's; a drop of either is retried, a delay ends it.
    /// </summary>
    public Delivery Plan(MessageKind? request, MessageKind reply, UFix64 time, long position, string? name)
    {
        int drops = 0;
        bool dup = false;
        for (int attempt = 0; ; attempt++)
        {
            bool dropped = false;
            foreach (var kind in request is { } rk ? new[] { rk, reply } : [reply])
            {
                var (fate, delay) = Fate(kind, time, position, name, attempt);
                if (fate == MessageFate.Delay) return new Delivery(attempt + 1, drops, dup, DeliveryOutcome.Delayed, delay);
                if (fate == MessageFate.Duplicate) dup = true;
                if (fate == MessageFate.Drop) { dropped = true; break; }
            }
            if (!dropped) return new Delivery(attempt + 1, drops, dup, DeliveryOutcome.Delivered, 0);
            drops++;
            if (attempt >= MaxRetries) return new Delivery(attempt + 1, drops, dup, DeliveryOutcome.Lost, 0);
        }
    }

    /// <summary>A uniform draw in [0, 1 000 000) from the message's key (SplitMix64 finaliser over the mixed fields).</summary>
    private static ulong Roll(ulong seed, MessageKind kind, ulong time, long position, string? name, int attempt)
    {
        ulong h = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)kind);
        h = Mix(h ^ time);
        h = Mix(h ^ (ulong)position);
        if (name is not null) foreach (char c in name) h = Mix(h ^ c);
        h = Mix(h ^ (ulong)attempt);
        return h % 1_000_000;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
