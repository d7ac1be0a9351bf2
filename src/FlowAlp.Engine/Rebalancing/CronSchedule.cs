using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Rebalancing;

/// <summary>
/// FlowALPSupervisorv1's cron: when it runs, fixReschedule for every registered paid rebalancer's position, and prune
/// ids whose rebalancer no longer exists. It never rebalances by itself. Its next run is the next multiple of the cron
/// period after the current one; missed runs are not replayed. Shared by the actor and the plain loop.
/// </summary>
public sealed class CronSchedule
{
    // positions are registered in increasing order almost always: a sorted list (8 bytes each) with binary-search inserts
    private readonly List<long> _registered = new();
    private readonly UFix64 _every;
    private UFix64 _nextRun;

    public CronSchedule(ulong cronSeconds, UFix64 start)
    {
        if (cronSeconds == 0) throw new ArgumentException("cronSeconds: must be greater than 0");
        _every = UFix64.FromInteger(cronSeconds);
        _nextRun = UFix64.FromInteger((start.Floor / cronSeconds + 1) * cronSeconds);
    }

    public UFix64 OutageUntil { get; set; } = UFix64.Zero;
    public void Register(long position)
    {
        int i = _registered.BinarySearch(position);
        if (i < 0) _registered.Insert(~i, position);
    }

    public void Prune(IEnumerable<long> positions)
    {
        var gone = positions.ToHashSet();
        if (gone.Count > 0) _registered.RemoveAll(gone.Contains);
    }

    /// <summary>The registered positions if the cron runs at <paramref name="time"/>, else null.</summary>
    public IReadOnlyList<long>? Due(UFix64 time)
    {
        if (time < _nextRun || time < OutageUntil) return null;
        while (_nextRun <= time) _nextRun += _every;
        return _registered.ToList();
    }
}
