using System.Reflection;
using System.Security.Cryptography;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Snapshots;

/// <summary>
/// The state snapshot writes every field of every reachable object and reads it back with identity kept: what a
/// restored engine must have to go on exactly as the original would (private and base fields, shared objects, cycles,
/// hashed collections' order and comparers, delegates, singletons), and it refuses what it cannot rebuild or verify.
/// </summary>
public class ObjectGraphTests
{
    // this assembly's types and delegates join the snapshot's allow-lists (FlowAlp.Simulation's runner state does the same)
    // and so do the reference market's price paths (GbmPath), which are test support, not engine state
    public ObjectGraphTests()
    {
        SnapshotRegistry.AllowAssembly(typeof(ObjectGraphTests).Assembly);
        SnapshotRegistry.AllowAssembly(typeof(FlowAlp.Simulation.Prices.GbmPath).Assembly);
    }

    private enum Color : byte { Red = 1, Green = 7 }
    private sealed record Point(int X, string Name);
    private struct Pair { public long A; public string? B; public UFix64? C; }

    private class Base(int secret)
    {
        private readonly int _secret = secret;
        protected string? Label = "base";
        public int Secret => _secret;
        public string? BaseLabel => Label;
    }

    private sealed class Account(int secret, UFix64 balance, UFix128 index) : Base(secret)
    {
        private readonly UFix64 _balance = balance;
        private UFix128 _index = index;
        public Color Color = Color.Green;
        public int? Maybe = 42;
        public long? None;
        public Point Point = new(3, "p");
        public Pair Pair;
        public int[] Numbers = [];
        public Account? Child;
        public (string Name, UFix64 Amount) Tuple;
        public UFix64 Balance => _balance;
        public UFix128 Index => _index;
        public void Relabel(string label) => Label = label;
    }

    private sealed class Collections
    {
        public List<Point> Points = [];
        public Dictionary<string, UFix64> Prices = [];
        public SortedDictionary<string, int> Sorted = new(StringComparer.Ordinal);
        public Dictionary<string, int> IgnoreCase = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<long> Ids = [];
        public SortedSet<string> Names = new(StringComparer.OrdinalIgnoreCase);
        public List<KeyValuePair<string, long?>> Pairs = [];
    }

    private sealed class Node(string name)
    {
        public string Name = name;
        public Node? Next;
        public List<Node> Peers = [];
    }

    private sealed class Counter
    {
        public int Value;
        public Action? Bump;
        public Func<int, int>? Twice;
        public Action? Reset;
        public void ResetValue() => Value = 0;
    }

    private sealed class Slots { public object? A, B, C, D, E; public IEqualityComparer<string>? Comparer; }
    private struct Padded { public byte Flag; public long Amount; } // 7 padding bytes: written field by field
    private struct Dense { public long Amount; public UFix64 Fee; public UFix128 Index; } // no padding: written as its bytes

    private sealed class Holder(FileStream file) { public string Name = "h"; private readonly FileStream _file = file; public FileStream File => _file; }
    private sealed class Outer(Holder inner) { public int Id = 1; private readonly Holder _inner = inner; public Holder Inner => _inner; }
    private sealed class Timed { public int Id = 1; public TimeSpan Wait = TimeSpan.FromSeconds(1); }

    private static int Double(int x) => 2 * x;
    private static int NameLength(Node n) => n.Name.Length;

    private static T RoundTrip<T>(T root, IReadOnlyList<object>? externals = null) where T : notnull =>
        ObjectGraph.Read<T>(ObjectGraph.Write(root, externals), externals);

    [Fact]
    public void Nested_objects_keep_private_readonly_base_struct_nullable_and_fixed_point_fields()
    {
        var a = new Account(17, UFix64.Parse("1.5"), UFix128.Parse("1.000000000000000000000007"))
        {
            Color = Color.Red, None = null, Numbers = [3, 1, 2], Point = new(-4, "west"), Tuple = ("FLOW", UFix64.Parse("0.00105")),
            Pair = new Pair { A = long.MinValue, B = "pair", C = UFix64.Max },
            Child = new Account(5, UFix64.Epsilon, UFix128.Max) { Maybe = null, None = 9, Pair = new Pair { A = 1, B = null, C = null } },
        };
        a.Relabel("top");

        var r = RoundTrip(a);

        Assert.NotSame(a, r);
        Assert.Equal(17, r.Secret); // private readonly field of the base class
        Assert.Equal("top", r.BaseLabel);
        Assert.Equal(UFix64.Parse("1.5"), r.Balance);
        Assert.Equal(UFix128.Parse("1.000000000000000000000007"), r.Index);
        Assert.Equal(Color.Red, r.Color);
        Assert.Equal(42, r.Maybe);
        Assert.Null(r.None);
        Assert.Equal(new Point(-4, "west"), r.Point);
        Assert.Equal(new[] { 3, 1, 2 }, r.Numbers);
        Assert.Equal(("FLOW", UFix64.Parse("0.00105")), r.Tuple);
        Assert.Equal(long.MinValue, r.Pair.A);
        Assert.Equal("pair", r.Pair.B);
        Assert.Equal(UFix64.Max, r.Pair.C);
        var c = r.Child!;
        Assert.Equal(5, c.Secret);
        Assert.Equal("base", c.BaseLabel);
        Assert.Equal(UFix64.Epsilon, c.Balance);
        Assert.Equal(UFix128.Max, c.Index);
        Assert.Null(c.Maybe);
        Assert.Equal(9L, c.None);
        Assert.Null(c.Pair.B);
        Assert.Null(c.Pair.C);
        Assert.Null(c.Child);
    }

    [Fact]
    public void Collections_keep_their_order_contents_and_comparers()
    {
        var c = new Collections();
        c.Points.AddRange([new(2, "b"), new(1, "a")]);
        foreach (var k in new[] { "zeta", "alpha", "mu", "beta" }) c.Prices[k] = UFix64.FromInteger((ulong)k.Length);
        foreach (var k in new[] { "b", "B", "a", "c" }) c.Sorted[k] = k[0];
        c.IgnoreCase["Flow"] = 1;
        foreach (var id in new long[] { 900, -3, 12, long.MaxValue }) c.Ids.Add(id);
        foreach (var n in new[] { "moet", "FLOW", "Moet" }) c.Names.Add(n);
        c.Pairs.Add(new("x", null));
        c.Pairs.Add(new("y", 8));

        var r = RoundTrip(c);

        Assert.Equal(c.Points, r.Points);
        Assert.Equal(new[] { "zeta", "alpha", "mu", "beta" }, r.Prices.Keys); // insertion order, not sorted
        Assert.Equal(UFix64.FromInteger(4), r.Prices["zeta"]);
        Assert.Equal(new[] { "B", "a", "b", "c" }, r.Sorted.Keys); // ordinal: upper case first
        Assert.Same(StringComparer.Ordinal, r.Sorted.Comparer);
        Assert.Same(StringComparer.OrdinalIgnoreCase, r.IgnoreCase.Comparer);
        Assert.Equal(1, r.IgnoreCase["FLOW"]);
        Assert.Same(EqualityComparer<string>.Default, r.Prices.Comparer);
        Assert.Equal(new long[] { 900, -3, 12, long.MaxValue }, r.Ids.ToList()); // enumeration order kept
        Assert.Contains(long.MaxValue, r.Ids);
        Assert.Equal(new[] { "FLOW", "moet" }, r.Names);
        Assert.Same(StringComparer.OrdinalIgnoreCase, r.Names.Comparer);
        Assert.Equal(c.Pairs, r.Pairs);
    }

    [Fact]
    public void Shared_references_and_cycles_come_back_shared()
    {
        var a = new Node("a");
        var b = new Node("b");
        a.Next = b;
        b.Next = a; // a cycle
        a.Peers.Add(b);
        b.Peers.Add(b); // a node listing itself
        var root = new List<Node> { a, b, a };

        var r = RoundTrip(root);

        Assert.Equal(3, r.Count);
        Assert.Same(r[0], r[2]);
        Assert.Equal("a", r[0].Name);
        Assert.Same(r[1], r[0].Next);
        Assert.Same(r[0], r[1].Next);
        Assert.Same(r[1], r[0].Peers.Single());
        Assert.Same(r[1], r[1].Peers.Single());
        Assert.NotSame(a, r[0]);
    }

    [Fact]
    public void Hashed_collections_with_removed_entries_enumerate_alike_after_more_inserts()
    {
        var map = new Dictionary<string, int>();
        var set = new HashSet<long>();
        for (int i = 0; i < 12; i++) { map[$"k{i}"] = i; set.Add(i * 7); }
        foreach (var k in new[] { "k3", "k7", "k0" }) map.Remove(k);
        foreach (var v in new long[] { 14, 49 }) set.Remove(v);
        var before = (map.Keys.ToList(), set.ToList());
        var root = (map, set);

        var (rmap, rset) = RoundTrip(root);

        // writing compacts the live collections without changing their order
        Assert.Equal(before.Item1, map.Keys);
        Assert.Equal(before.Item2, set.ToList());
        // a removed entry's slot would be reused by the next insert; both sides must place new entries alike
        foreach (var k in new[] { "n1", "k3", "n2", "n3", "n4" }) { map[k] = k.Length; rmap[k] = k.Length; }
        foreach (var v in new long[] { 1000, 14, 3, 5000 }) { set.Add(v); rset.Add(v); }
        Assert.Equal(map.ToList(), rmap.ToList());
        Assert.Equal(set.ToList(), rset.ToList());
    }

    [Fact]
    public void Delegates_act_on_the_restored_objects()
    {
        var counter = new Counter { Value = 10, Twice = Double };
        counter.Bump = () => counter.Value += 5; // a closure over an object of the graph
        counter.Reset = counter.ResetValue; // an instance method bound to it
        SnapshotRegistry.AllowDelegate("test.counter.bump", counter.Bump.Method);
        SnapshotRegistry.AllowDelegate("test.counter.reset", counter.Reset.Method);
        SnapshotRegistry.AllowDelegate("test.double", counter.Twice.Method);

        var r = RoundTrip(counter);

        r.Bump!();
        Assert.Equal(15, r.Value);
        Assert.Equal(10, counter.Value); // the original's closure was not carried over
        Assert.Equal(42, r.Twice!(21));
        Assert.Same(r, r.Reset!.Target);
        r.Reset();
        Assert.Equal(0, r.Value);
    }

    [Fact]
    public void A_delegate_reached_again_from_its_own_target_is_refused_when_written()
    {
        // a reader creates a delegate after its target, so a closure over the delegate itself would come back holding null:
        // the writer refuses it, naming the path, rather than letting a restore go wrong silently
        Func<int, int>? f = null;
        f = n => n <= 0 ? 0 : 1 + f!(n - 1);
        SnapshotRegistry.AllowDelegate("test.recursive", f.Method);
        var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Slots { A = f }));
        Assert.Matches(@"^Slots\.A > Func<Int32, Int32>\..+\.f > Func<Int32, Int32>: a delegate reached again from its own target cannot be restored$", e.Message);
    }

    [Fact]
    public void A_static_method_delegate_closed_over_its_first_argument_round_trips()
    {
        // what `node.Extension` gives for an extension method: a static method, the target its first argument
        var node = new Node("four");
        var method = typeof(ObjectGraphTests).GetMethod(nameof(NameLength), BindingFlags.NonPublic | BindingFlags.Static)!;
        SnapshotRegistry.AllowDelegate("test.name-length", method);
        var f = (Func<int>)Delegate.CreateDelegate(typeof(Func<int>), node, method);
        var r = RoundTrip(new Slots { A = f, B = node });
        Assert.Same(r.B, ((Func<int>)r.A!).Target);
        Assert.Equal(4, ((Func<int>)r.A!)());
    }

    [Fact]
    public void Boxed_values_random_state_and_shared_byte_arrays_round_trip()
    {
        var random = new Random(5);
        random.Next();
        var bytes = new byte[] { 1, 2, 3 };
        var slots = new Slots { A = UFix64.One, B = new object?[] { 1, "s", null, (byte)2, Color.Green, new int?[] { 1, null } }, C = random, D = bytes, E = bytes };

        var r = RoundTrip(slots);

        Assert.Equal(UFix64.One, r.A);
        Assert.Equal(new object?[] { 1, "s", null, (byte)2, Color.Green, new int?[] { 1, null } }, (object?[])r.B!);
        Assert.Equal(random.Next(), ((Random)r.C!).Next()); // the generator goes on from where it was
        Assert.Equal(bytes, (byte[])r.D!);
        Assert.Same(r.D, r.E);
    }

    [Fact]
    public void Externals_are_written_by_index_and_substituted_on_read()
    {
        var live = new MemoryStream(); // a type the snapshot cannot hold: fine as an external
        var node = new Node("external");
        var slots = new Slots { A = live, B = node, C = live, D = new Node("inside") };

        var bytes = ObjectGraph.Write(slots, [live, node]);
        var replacementStream = new MemoryStream();
        var replacementNode = new Node("replacement");
        var r = ObjectGraph.Read<Slots>(bytes, [replacementStream, replacementNode]);

        Assert.Same(replacementStream, r.A);
        Assert.Same(replacementStream, r.C);
        Assert.Same(replacementNode, r.B);
        Assert.Equal("inside", Assert.IsType<Node>(r.D).Name);
        var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(bytes, [replacementStream]));
        Assert.Equal("external object 1 was not supplied (1 were)", e.Message);
    }

    [Fact]
    public void Static_singletons_come_back_as_the_same_instances()
    {
        // a private static readonly of FlowAlp.Protocol (the empty queue every position shares)
        var noQueue = typeof(InternalPosition).GetField("NoQueue", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var slots = new Slots
        {
            A = ReferenceEqualityComparer.Instance, B = noQueue, C = MessageFaults.None, D = LiquidationDesk.CanonicalOrder,
            E = StringComparer.InvariantCulture, Comparer = StringComparer.Ordinal,
        };

        var r = RoundTrip(slots);

        Assert.Same(ReferenceEqualityComparer.Instance, r.A);
        Assert.Same(noQueue, r.B);
        Assert.Same(MessageFaults.None, r.C);
        Assert.Same(LiquidationDesk.CanonicalOrder, r.D); // a Comparer.Create comparer: only restorable as the singleton
        Assert.Same(StringComparer.InvariantCulture, r.E);
        Assert.Same(StringComparer.Ordinal, r.Comparer);
    }

    [Fact]
    public void A_type_it_cannot_hold_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flowalp-graph-{Guid.NewGuid():N}.bin");
        try
        {
            using var file = new FileStream(path, FileMode.Create);
            var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Holder(file)));
            Assert.Equal("Holder._file > FileStream: a snapshot cannot hold this type", e.Message);
            var nested = Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Outer(new Holder(file))));
            Assert.Equal("Outer._inner > Holder._file > FileStream: a snapshot cannot hold this type", nested.Message);
            // a struct field is refused by its field's name too
            Assert.Equal("Timed.Wait > TimeSpan: a snapshot cannot hold this type", Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Timed())).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Damaged_truncated_foreign_and_other_schema_version_payloads_are_refused()
    {
        var sample = new List<Point>(Enumerable.Range(0, 50).Select(i => new Point(i, $"point {i}")));
        var bytes = ObjectGraph.Write(sample);
        Assert.True(bytes.Length > 200);
        const string damaged = "state snapshot is damaged or truncated (its SHA-256 does not match)";
        const string foreign = "not a flowalp state snapshot (or a snapshot format this build does not read)";

        var flipped = (byte[])bytes.Clone();
        flipped[flipped.Length / 2] ^= 0x40;
        Assert.Equal(damaged, Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(flipped)).Message);
        var badHash = (byte[])bytes.Clone();
        badHash[8] ^= 1; // the stored SHA-256 itself
        Assert.Equal(damaged, Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(badHash)).Message);
        Assert.Equal(damaged, Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(bytes[..^7])).Message);

        var random = new byte[bytes.Length];
        new Random(3).NextBytes(random);
        Assert.Equal(foreign, Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(random)).Message);
        Assert.Equal(foreign, Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(bytes[..20])).Message);

        // another state schema version, with a SHA-256 that matches (written by a build that reads that version)
        Assert.Equal($"state schema version {StateSchema.Version + 1}, this build reads {StateSchema.Version}",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<List<Point>>(SnapshotBytes.WithVersion(bytes, StateSchema.Version + 1))).Message);

        Assert.Equal(sample, ObjectGraph.Read<List<Point>>(bytes)); // the intact one still reads
    }

    [Fact]
    public void A_restored_plain_loop_continues_exactly_like_the_original()
    {
        var file = Path.Combine(Path.GetTempPath(), $"flowalp-snap-{Guid.NewGuid():N}.jsonl");
        var file2 = Path.ChangeExtension(file, ".restored.jsonl");
        PlainLoop? loop = null, restored = null;
        try
        {
            var m = new TickMarket(200);
            loop = m.StartPlain(new EventLogOptions(Retain: false, File: file), wakeEveryone: false);
            foreach (var t in m.Ticks(3600)) loop.Tick(t);
            var snap = loop.Capture([]);
            int countAtSnapshot = loop.Core.Log.Count;
            Assert.Equal(countAtSnapshot, snap.Log.Count);
            File.Copy(file, file2);

            restored = PlainLoop.Restore(snap, [], new EventLogOptions(Retain: false, File: file2));
            Assert.Equal(loop.Core.Log.Sha256(), restored.Core.Log.Sha256());
            foreach (var t in m.Ticks(7200).Where(t => t.Floor > 3600)) { loop.Tick(t); restored.Tick(t); }

            Assert.True(loop.Core.Log.Count > countAtSnapshot, "the second hour logged nothing");
            Assert.Equal(loop.Core.Log.Count, restored.Core.Log.Count);
            Assert.Equal(loop.Core.Log.Sha256(), restored.Core.Log.Sha256());
            Assert.Equal(loop.Capture([]).State, restored.Capture([]).State);
            loop.Core.Log.Flush();
            restored.Core.Log.Flush();
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file2));
        }
        finally
        {
            loop?.Core.Log.Dispose();
            restored?.Core.Log.Dispose();
            File.Delete(file);
            File.Delete(file2);
        }
    }

    [Fact]
    public void Dense_structs_and_their_arrays_go_as_bytes_and_padded_ones_field_by_field_with_equal_states_giving_equal_bytes()
    {
        var dense = new[] { new Dense { Amount = -3, Fee = UFix64.Parse("0.00105"), Index = UFix128.Parse("1.000000000000000000000001") }, new Dense { Amount = long.MaxValue } };
        var padded = new[] { new Padded { Flag = 7, Amount = 42 }, new Padded { Flag = 1, Amount = -1 } };
        var r = RoundTrip(new Slots { A = dense, B = padded, C = new UFix64[] { UFix64.Parse("1.5"), UFix64.Zero }, D = new Padded { Flag = 2, Amount = 9 } });
        Assert.Equal(dense, (Dense[])r.A!);
        Assert.Equal(padded, (Padded[])r.B!);
        Assert.Equal(new[] { UFix64.Parse("1.5"), UFix64.Zero }, (UFix64[])r.C!);
        Assert.Equal(new Padded { Flag = 2, Amount = 9 }, (Padded)r.D!);
        // the same values built separately (whatever their padding bytes hold) give the same snapshot
        Assert.Equal(ObjectGraph.Write(new Slots { A = padded.ToArray(), B = dense.ToArray() }), ObjectGraph.Write(new Slots { A = padded.ToArray(), B = dense.ToArray() }));
    }
}
