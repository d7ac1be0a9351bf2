using System.Buffers;
using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Running;

/// <summary>One population at one sample time: how many positions owe something, their health percentiles (none when no one owes), what they owe and hold (full oracle value, MOET), and running counts.</summary>
public sealed record PopulationSample(ulong Time, string Population, int Positions, int Indebted, int Liquidatable, IReadOnlyList<UFix128> HealthPercentiles,
    UFix128 Debt, UFix128 CollateralValue, UFix128 BadDebt, long Liquidations, long Rebalances, UFix64 Fees);

/// <summary>
/// What a sample showed of one position: first and last collateral and debt (full oracle value, MOET) and health (none
/// while it owes nothing), and its lowest health and the first sample time it was reached.
/// </summary>
public sealed class PositionTrack(string population)
{
    public string Population { get; } = population;
    public bool Seen { get; set; }
    public UFix128 InitialCollateral { get; set; } = UFix128.Zero;
    public UFix128 InitialDebt { get; set; } = UFix128.Zero;
    public UFix128? InitialHealth { get; set; }
    public UFix128 FinalCollateral { get; set; } = UFix128.Zero;
    public UFix128 FinalDebt { get; set; } = UFix128.Zero;
    public UFix128? FinalHealth { get; set; }
    public UFix128? MinHealth { get; set; }
    public ulong MinHealthTime { get; set; }
}

/// <summary>
/// Folds every metrics sample into per-population rows (the population time series) and per-position tracks (initial,
/// final, lowest health and when), so a report can tell populations apart. The position → population map comes from
/// the scenario's set-up. It is part of the runner's state (a snapshot holds it), so a resumed or forked run carries on
/// with the same tracks. Rows are kept like <see cref="SampleRecorder"/> keeps samples: all up to its capacity, then
/// every other one, doubling the stride each time (the last row is always kept); tracks see every sample.
/// The first sample (step 0, after set-up) gives the initial values, and the initial oracle prices.
/// </summary>
public sealed class PopulationTracker
{
    private readonly List<string> _populations;
    private readonly SortedDictionary<long, PositionTrack> _tracks = new();
    private readonly List<List<PopulationSample>> _kept = new();
    private List<PopulationSample>? _last;
    private readonly int _capacity;
    private long _stride = 1, _count;

    public PopulationTracker(IReadOnlyList<Agent> agents, IReadOnlyList<string> populations, int capacity = SampleRecorder.DefaultCapacity)
    {
        _populations = populations.ToList();
        _capacity = capacity;
        foreach (var a in agents) _tracks[a.Position] = new PositionTrack(a.Population);
    }

    /// <summary>The oracle prices of the first sample (what realised P&amp;L values seized collateral at).</summary>
    public SortedDictionary<string, UFix64> InitialPrices { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Populations => _populations;
    public IReadOnlyDictionary<long, PositionTrack> Tracks => _tracks;

    public void Add(MetricsSample m)
    {
        if (m.PerPosition is null) return;
        if (_count == 0)
            foreach (var t in m.Tokens) if (t.Price is { } p) InitialPrices[t.Token] = p;
        ulong time = m.Time.Floor;
        var groups = _populations.ToDictionary(p => p, _ => new Group(), StringComparer.Ordinal);
        // the tracks walked alongside the (ascending) positions: one pass, not a tree lookup per position
        var tracks = new TrackWalk(_tracks);
        string? lastPopulation = null;
        Group? lastGroup = null;
        foreach (var pm in m.PerPosition)
        {
            if (!tracks.TryAt(pm.Position, out var track)) continue;
            if (!track.Seen)
            {
                track.Seen = true;
                (track.InitialCollateral, track.InitialDebt, track.InitialHealth) = (pm.CollateralValue, pm.DebtValue, pm.Health);
            }
            (track.FinalCollateral, track.FinalDebt, track.FinalHealth) = (pm.CollateralValue, pm.DebtValue, pm.Health);
            if (pm.Health is { } h && (track.MinHealth is not { } min || h < min)) (track.MinHealth, track.MinHealthTime) = (h, time);
            // agents of one population mostly come in runs: the last group is reused without a lookup
            if (!ReferenceEquals(track.Population, lastPopulation)) (lastPopulation, lastGroup) = (track.Population, groups[track.Population]);
            lastGroup!.Add(pm);
        }
        var rows = _populations.Select(p => groups[p].Row(time, p)).ToList();
        _last = rows;
        if (_count % _stride == 0) _kept.Add(rows);
        _count++;
        if (_kept.Count <= _capacity) return;
        int w = 0;
        for (int r = 0; r < _kept.Count; r += 2) _kept[w++] = _kept[r];
        _kept.RemoveRange(w, _kept.Count - w);
        _stride *= 2;
    }

    /// <summary>The kept rows in time order (population order within a time), always ending with the last sample's.</summary>
    public IReadOnlyList<PopulationSample> Rows()
    {
        var list = _kept.ToList();
        if (_last is not null && (list.Count == 0 || !ReferenceEquals(list[^1], _last))) list.Add(_last);
        return list.SelectMany(r => r).ToList();
    }

    /// <summary>
    /// The tracks read at ascending positions: the cursor only moves forward; a position below the cursor (samples list
    /// positions in ascending order, so only a hand-made one could) falls back to a lookup.
    /// </summary>
    private struct TrackWalk(SortedDictionary<long, PositionTrack> tracks)
    {
        private SortedDictionary<long, PositionTrack>.Enumerator _e = tracks.GetEnumerator();
        private bool _started, _has;
        private long _previous = long.MinValue;

        public bool TryAt(long pid, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out PositionTrack track)
        {
            if (pid < _previous) return tracks.TryGetValue(pid, out track);
            _previous = pid;
            if (!_started) { _started = true; _has = _e.MoveNext(); }
            while (_has && _e.Current.Key < pid) _has = _e.MoveNext();
            if (_has && _e.Current.Key == pid) { track = _e.Current.Value; return true; }
            track = null;
            return false;
        }
    }

    /// <summary>One population's positions at one sample, summed as they come.</summary>
    private sealed class Group
    {
        // the healths only feed the row's percentiles: a pooled buffer, handed back when the row is made
        private UFix128[] _healths = ArrayPool<UFix128>.Shared.Rent(1024);
        private int _indebted;
        private int _positions, _liquidatable;
        private UFix128 _debt = UFix128.Zero, _collateral = UFix128.Zero, _badDebt = UFix128.Zero;
        private long _liquidations, _rebalances;
        private UFix64 _fees = UFix64.Zero;

        public void Add(PositionMetrics pm)
        {
            _positions++;
            if (pm.Health is { } h)
            {
                if (_indebted == _healths.Length) Grow();
                _healths[_indebted++] = h;
                if (h < UFix128.One) _liquidatable++;
            }
            _debt += pm.DebtValue;
            _collateral += pm.CollateralValue;
            if (pm.DebtValue > pm.CollateralValue) _badDebt += pm.DebtValue - pm.CollateralValue;
            _liquidations += pm.Liquidations;
            _rebalances += pm.Rebalances;
            _fees += pm.Fees;
        }

        /// <summary>Percentiles picked as the pool-wide sample picks them (nearest rank below), so both series agree.</summary>
        public PopulationSample Row(ulong time, string population)
        {
            var pct = PercentilePick.PickIn(_healths.AsSpan(0, _indebted), PoolMetrics.Percentiles, new List<UFix128>());
            ArrayPool<UFix128>.Shared.Return(_healths);
            _healths = [];
            return new PopulationSample(time, population, _positions, _indebted, _liquidatable, pct, _debt, _collateral, _badDebt, _liquidations, _rebalances, _fees);
        }

        private void Grow()
        {
            var bigger = ArrayPool<UFix128>.Shared.Rent(Math.Max(1024, _healths.Length * 2));
            _healths.AsSpan(0, _indebted).CopyTo(bigger);
            if (_healths.Length > 0) ArrayPool<UFix128>.Shared.Return(_healths);
            _healths = bigger;
        }
    }
}
