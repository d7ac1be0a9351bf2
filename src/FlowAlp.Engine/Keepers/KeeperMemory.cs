using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Keepers;

/// <summary>Why a keeper acts: its timer was due, or the pool's price had drifted past the deviation band.</summary>
public enum KeeperTrigger { Timer, Deviation }

/// <summary>
/// What one pool keeper remembers between blocks: its next timer, a trigger waiting out the arbitrage delay, and
/// counts. <see cref="Observe"/> is the keeper's whole decision, the same in both hosts (the actor holds its memory, the
/// plain loop holds them all), so both act at the same blocks.
/// </summary>
public sealed class KeeperMemory
{
    public UFix64 NextTimer;
    /// <summary>When the pending trigger's trade is due (null: none pending).</summary>
    public UFix64? ActAt;
    public KeeperTrigger PendingTrigger;
    public long Triggers, Acts;

    /// <param name="firstTimer">the first timer (keepers are staggered across the interval)</param>
    public KeeperMemory(UFix64 firstTimer) => NextTimer = firstTimer;

    /// <summary>Keeper <paramref name="index"/> of <see cref="KeeperSettings.Count"/>, started at <paramref name="start"/>: its first timer is (index+1)/count of an interval later.</summary>
    public static KeeperMemory Start(KeeperSettings s, int index, UFix64 start) =>
        new(start + UFix64.FromInteger(s.IntervalSeconds * (ulong)(index + 1) / (ulong)s.Count));

    /// <summary>
    /// The block at <paramref name="o"/>: a due timer (it moves on by whole intervals) or a deviation of at least the
    /// band starts a trigger unless one is pending; a trigger acts once its delay has passed. Returns the trigger to act
    /// on in this block, or null.
    /// </summary>
    public KeeperTrigger? Observe(KeeperObservation o, KeeperSettings s)
    {
        KeeperTrigger? fired = null;
        if (o.Time >= NextTimer)
        {
            fired = KeeperTrigger.Timer;
            var step = UFix64.FromInteger(s.IntervalSeconds);
            while (NextTimer <= o.Time) NextTimer += step;
        }
        else if (o.DeviationBps is { } d && d >= s.DeviationBps) fired = KeeperTrigger.Deviation;
        if (fired is { } f && ActAt is null)
        {
            ActAt = o.Time + UFix64.FromInteger(s.DelaySeconds);
            PendingTrigger = f;
            Triggers++;
        }
        if (ActAt is not { } at || o.Time < at) return null;
        ActAt = null;
        Acts++;
        return PendingTrigger;
    }
}

/// <summary>What the keepers see of the pool at a block: its spot price of the yield token (null without a pool), the reference, and their distance in bps (floor).</summary>
public sealed record KeeperObservation(UFix64 Time, UFix64? Spot, UFix64 Reference, ulong? DeviationBps)
{
    public static KeeperObservation Of(UFix64 time, UFix64? spot, UFix64 reference)
    {
        ulong? bps = null;
        if (spot is { } s && !reference.IsZero)
        {
            UFix64 gap = s > reference ? s - reference : reference - s;
            bps = (ulong)((System.Numerics.BigInteger)gap.Raw * 10_000 / reference.Raw);
        }
        return new KeeperObservation(time, spot, reference, bps);
    }
}
