using System.Text;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Events;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Snapshots;

/// <summary>A method an attacker would like a restored engine to call: it counts its calls (it must never be called).</summary>
public static class SnapshotTrap
{
    public static int Fired;
    public static void Fire(PoolEvent e) => Interlocked.Increment(ref Fired);
}

/// <summary>
/// A state snapshot is untrusted input (its SHA-256 can be recomputed by whoever edits it): what it names is looked up
/// in allow-lists and registries built from code, every length is bounded by the bytes left, and each hostile payload
/// is refused with one line, with nothing it names run or even resolved.
/// </summary>
public class HostileSnapshotTests
{
    // the reference market's price paths (GbmPath) are test support, not engine state: allowed here like this assembly
    public HostileSnapshotTests()
    {
        SnapshotRegistry.AllowAssembly(typeof(HostileSnapshotTests).Assembly);
        SnapshotRegistry.AllowAssembly(typeof(FlowAlp.Simulation.Prices.GbmPath).Assembly);
    }

    private sealed class Node(string name) { public string Name = name; public Node? Next; }
    private sealed class Slots { public object? A, B; }

    /// <summary>In an allowed assembly, but it holds an OS resource (it is disposable): not on the allow-list; its constructor counts.</summary>
    private sealed class DisposableTrap : IDisposable
    {
        public static int Made;
        public DisposableTrap() => Interlocked.Increment(ref Made);
        public void Dispose() { }
    }

    private static (byte[] State, EngineSnapshot Snapshot, PlainLoop Loop, TickMarket Market) RealEngine()
    {
        var market = new TickMarket(20);
        var loop = market.StartPlain(new EventLogOptions(), wakeEveryone: false);
        foreach (var t in market.Ticks(1800)) loop.Tick(t);
        var snap = loop.Capture([]);
        return (snap.State, snap, loop, market);
    }

    private static PlainLoop Restore(byte[] state, EngineSnapshot snap)
    {
        var writer = new EventLogWriter(null, snap.Log);
        try { return ObjectGraph.Read<PlainLoop>(state, [writer]); }
        catch { writer.Dispose(); throw; }
    }

    private static string Refusal(byte[] state, EngineSnapshot snap)
    {
        var e = Assert.Throws<SnapshotException>(() => Restore(state, snap));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void A_delegate_rebound_to_another_method_is_refused_and_the_method_never_runs()
    {
        var (state, snap, loop, market) = RealEngine();
        Assert.True(SnapshotBytes.Unpack(state).Body.AsSpan().IndexOf(SnapshotBytes.Prefixed("pool.emit")) >= 0); // TokenState._emit, by its registry key
        int before = SnapshotTrap.Fired;

        // the reported exploit (TokenState._emit → Console.WriteLine), and a method of an allowed assembly that is not registered
        Assert.Equal("state snapshot names delegate 'System.Console::WriteLine', which is not in the registry",
            Refusal(SnapshotBytes.WithBody(state, b => SnapshotBytes.Replace(b, "pool.emit", "System.Console::WriteLine")), snap));
        Assert.Equal("state snapshot names delegate 'FlowAlp.Actors.Tests.Snapshots.SnapshotTrap::Fire', which is not in the registry",
            Refusal(SnapshotBytes.WithBody(state, b => SnapshotBytes.Replace(b, "pool.emit", "FlowAlp.Actors.Tests.Snapshots.SnapshotTrap::Fire")), snap));
        // a registered method of another signature cannot be bound in its place either
        Assert.Equal("damaged snapshot (Action<PoolEvent> to Pool.Clock does not match)",
            Refusal(SnapshotBytes.WithBody(state, b => SnapshotBytes.Replace(b, "pool.emit", "pool.clock")), snap));

        Assert.Equal(before, SnapshotTrap.Fired);
        // the untouched snapshot restores, and its engine goes on exactly as the original
        var restored = Restore(state, snap);
        foreach (var t in market.Ticks(3600).Where(t => t > Protocol.Numerics.UFix64.FromInteger(1800))) { loop.Tick(t); restored.Tick(t); }
        Assert.True(loop.Core.Log.Count > snap.Log.Count, "the second half hour logged nothing");
        Assert.Equal(loop.Core.Log.Sha256(), restored.Core.Log.Sha256());
        Assert.Equal(before, SnapshotTrap.Fired);
        loop.Core.Log.Dispose();
        restored.Core.Log.Dispose();
    }

    [Fact]
    public void The_writer_refuses_a_delegate_that_is_not_registered_naming_it()
    {
        Action unregistered = () => SnapshotTrap.Fire(null!);
        var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Slots { A = unregistered }));
        Assert.Matches(@"^Slots\.A > Action: a delegate to <>c\.<.+>b__\d+_\d+ cannot be restored \(not in the snapshot's delegate registry, SnapshotDelegates\)$", e.Message);
    }

    [Fact]
    public void Types_off_the_allow_list_are_refused_by_name_before_anything_is_resolved()
    {
        var bytes = ObjectGraph.Write(new Slots { A = new Node("x") });
        const string node = "HostileSnapshotTests.Node"; // its stable name, as the schema records it (first as a type, then as Next's declared type)
        int made = DisposableTrap.Made;
        bool watcherLoaded = Loaded("System.IO.FileSystem.Watcher");

        Assert.Equal("state snapshot names type System.IO.FileSystemWatcher, which a snapshot may not hold",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.WithSchema(bytes, b => SnapshotBytes.ReplaceFirst(b, node, "System.IO.FileSystemWatcher")))).Message);
        Assert.Equal("state snapshot names type System.IO.FileSystemWatcher, System.IO.FileSystem.Watcher, which a snapshot may not hold",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.WithSchema(bytes, b => SnapshotBytes.ReplaceFirst(b, node, "System.IO.FileSystemWatcher, System.IO.FileSystem.Watcher")))).Message);
        // a type of an allowed assembly that holds an OS resource (disposable) is not on the list either, and the writer refuses it too
        const string trap = "HostileSnapshotTests.DisposableTrap";
        Assert.Equal($"state snapshot names type {trap}, which a snapshot may not hold",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.WithSchema(bytes, b => SnapshotBytes.ReplaceFirst(b, node, trap)))).Message);
        Assert.Equal("Slots.A > DisposableTrap: a snapshot cannot hold this type", Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Slots { A = new DisposableTrap() })).Message);
        Assert.Equal(made + 1, DisposableTrap.Made); // the one built just above by the test itself, none by a read

        Assert.Equal(watcherLoaded, Loaded("System.IO.FileSystem.Watcher")); // the name was never resolved
        Assert.Equal("x", Assert.IsType<Node>(ObjectGraph.Read<Slots>(bytes).A).Name);
    }

    [Fact]
    public void A_shared_object_is_picked_by_key_from_the_table_only()
    {
        var bytes = ObjectGraph.Write(new Slots { A = MessageFaults.None });
        Assert.Same(MessageFaults.None, ObjectGraph.Read<Slots>(bytes).A);
        var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.WithBody(bytes,
            b => SnapshotBytes.Replace(b, "MessageFaults::None", "System.Console::Out"))));
        Assert.Equal("state snapshot names shared object 'System.Console::Out', which this build does not have", e.Message);
    }

    [Fact]
    public void A_body_naming_a_type_its_schema_does_not_record_or_a_schema_out_of_order_is_refused()
    {
        var bytes = ObjectGraph.Write(new Slots { A = new Node("x"), B = Protocol.Numerics.UFix64.One });
        var parts = SnapshotBytes.Unpack(bytes);

        // no types recorded: the body's first type index points nowhere
        Assert.Equal("damaged snapshot (type 0 of 0)", Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts.Version, [0], parts.Body))).Message);
        // an array type whose element is recorded after it (or never)
        Assert.Equal("state snapshot is damaged (its schema names a type before recording it)",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts.Version, [1, GraphArrayType, 5, 0, 0], parts.Body))).Message);
        // a schema that says it holds more than the bytes could
        Assert.Equal("state snapshot is damaged (a schema of 2147483647 types)",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts.Version, [0xFF, 0xFF, 0xFF, 0xFF, 0x07], parts.Body))).Message);
        // bytes after the recorded types
        Assert.Equal("state snapshot is damaged (its schema's length does not match)",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts.Version, [.. parts.Schema, 0], parts.Body))).Message);
        Assert.Equal("x", Assert.IsType<Node>(ObjectGraph.Read<Slots>(bytes).A).Name);
    }

    private const byte GraphArrayType = 1;

    [Fact]
    public void Lengths_of_2_pow_31_are_refused_before_anything_is_allocated()
    {
        var bytes = ObjectGraph.Write(new Slots { A = new long[] { 1, 2, 3 }, B = "zzzz" });
        var parts = SnapshotBytes.Unpack(bytes);
        byte[] maxInt = [0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        // the body's declared length
        Assert.Equal("state snapshot is damaged (its body's lengths do not match)",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts, parts.Body, int.MaxValue))).Message);
        Assert.Equal($"state snapshot is damaged (its body is not the {parts.Body.Length + 1} bytes it declares)",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(SnapshotBytes.Pack(parts, parts.Body, parts.Body.Length + 1))).Message);
        // an array's count
        byte[] array = [3, .. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(2L), .. BitConverter.GetBytes(3L)];
        int at = parts.Body.AsSpan().IndexOf(array);
        var huge = SnapshotBytes.Pack(parts, [.. parts.Body.AsSpan(0, at), .. maxInt, .. parts.Body.AsSpan(at + 1)]);
        Assert.Matches(@"^damaged snapshot \(a count of 2147483647 with \d+ bytes left\)$", Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(huge)).Message);
        // a string's length
        var text = SnapshotBytes.Prefixed("zzzz");
        at = parts.Body.AsSpan().IndexOf(text);
        var longString = SnapshotBytes.Pack(parts, [.. parts.Body.AsSpan(0, at), .. maxInt, .. parts.Body.AsSpan(at + 1)]);
        Assert.Matches(@"^damaged snapshot \(a string of 2147483647 bytes with \d+ left\)$", Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(longString)).Message);
        // 2^32 - 1 reads as -1; a 7-bit integer past 32 bits cannot be read at all
        var negative = SnapshotBytes.Pack(parts, [.. parts.Body.AsSpan(0, at), 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. parts.Body.AsSpan(at + 1)]);
        Assert.Matches(@"^damaged snapshot \(a string of -1 bytes with \d+ left\)$", Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(negative)).Message);
        var overflow = SnapshotBytes.Pack(parts, [.. parts.Body.AsSpan(0, at), 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, .. parts.Body.AsSpan(at + 1)]);
        Assert.Equal("state snapshot cannot be read: Too many bytes in what should have been a 7-bit encoded integer.",
            Assert.Throws<SnapshotException>(() => ObjectGraph.Read<Slots>(overflow)).Message);
    }

    [Fact]
    public void Objects_nested_deeper_than_the_bound_are_refused_on_both_sides()
    {
        var head = new Node("0");
        var n = head;
        for (int i = 1; i <= GraphWriterDepth + 5; i++) n = n.Next = new Node($"{i}");
        var e = Assert.Throws<SnapshotException>(() => ObjectGraph.Write(new Slots { A = head }));
        Assert.EndsWith($"objects nest deeper than {GraphWriterDepth} levels", e.Message);
        // a chain just within the bound round-trips
        var shorter = new Node("0");
        n = shorter;
        for (int i = 1; i < GraphWriterDepth - 5; i++) n = n.Next = new Node($"{i}");
        var r = (Node)ObjectGraph.Read<Slots>(ObjectGraph.Write(new Slots { A = shorter })).A!;
        int depth = 0;
        for (var m = r; m is not null; m = m.Next) depth++;
        Assert.Equal(GraphWriterDepth - 5, depth);
    }

    private const int GraphWriterDepth = 10_000;

    [Fact]
    public void A_bounded_mutation_fuzz_over_a_real_engine_snapshot_restores_or_refuses_with_one_line()
    {
        var (state, snap, original, _) = RealEngine();
        original.Core.Log.Dispose();
        var parts = SnapshotBytes.Unpack(state);
        var random = new Random(20261207);
        int restored = 0, refused = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 300; i++)
        {
            var body = (byte[])parts.Body.Clone();
            byte[] mutated;
            switch (i % 6)
            {
                case 0: // flip a few bytes of the body
                    for (int k = 0, flips = 1 + random.Next(4); k < flips; k++) body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
                    mutated = SnapshotBytes.Pack(parts, body);
                    break;
                case 1: // cut the body short
                    mutated = SnapshotBytes.Pack(parts, body[..random.Next(body.Length)]);
                    break;
                case 2: // overwrite a byte with an extreme value (a count, a tag, a length)
                    body[random.Next(body.Length)] = (byte)(random.Next(2) == 0 ? 0xFF : random.Next(8));
                    mutated = SnapshotBytes.Pack(parts, body);
                    break;
                case 3: // repeat a slice of the body somewhere else
                    int from = random.Next(body.Length), len = random.Next(1, 64), to = random.Next(body.Length);
                    mutated = SnapshotBytes.Pack(parts, [.. body.AsSpan(0, to), .. body.AsSpan(from, Math.Min(len, body.Length - from)), .. body.AsSpan(to)]);
                    break;
                case 4: // damage the container itself, then make its SHA-256 match again
                    var whole = (byte[])state.Clone();
                    whole[40 + random.Next(Math.Min(200, whole.Length - 40))] ^= (byte)(1 << random.Next(8));
                    System.Security.Cryptography.SHA256.HashData(whole.AsSpan(40)).CopyTo(whole, 8);
                    mutated = whole;
                    break;
                default: // insert random bytes
                    var noise = new byte[random.Next(1, 9)];
                    random.NextBytes(noise);
                    int where = random.Next(body.Length);
                    mutated = SnapshotBytes.Pack(parts, [.. body.AsSpan(0, where), .. noise, .. body.AsSpan(where)]);
                    break;
            }
            try
            {
                var loop = Restore(mutated, snap);
                loop.Core.Log.Dispose();
                restored++;
            }
            catch (SnapshotException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refused++;
            }
        }
        Assert.Equal(300, restored + refused);
        Assert.True(refused >= 150, $"{refused} of 300 refused");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"fuzz took {watch.Elapsed}");
    }

    private static bool Loaded(string assembly) => AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == assembly);
}
