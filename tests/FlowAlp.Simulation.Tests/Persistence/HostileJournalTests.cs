using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Tests.Snapshots;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Tests.Scenarios;
using Microsoft.Data.Sqlite;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>What a crafted journal row would like resume to build: its constructor and its setter count (neither may ever run).</summary>
public sealed class JournalTrap
{
    public static int Constructed, PathSet;
    public JournalTrap() => Interlocked.Increment(ref Constructed);
    public string? Path { get => null; set => Interlocked.Increment(ref PathSet); }
}

/// <summary>One real run (the crash scenario, a state snapshot every 20 steps) whose folder the tests copy and tamper with.</summary>
public sealed class RealJournalRun : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"flowalp-hostile-{Guid.NewGuid():N}");
    public string Source => Path.Combine(Root, "source");
    public string ScenarioFile => Path.Combine(Root, "s.json");

    public RealJournalRun()
    {
        Directory.CreateDirectory(Root);
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["persistence"] = new JsonObject { ["mode"] = "checkpoint", ["everySteps"] = 20 };
        File.WriteAllText(ScenarioFile, o.ToJsonString());
        var (code, _, err) = MalformedScenarioTests.Cli("run", ScenarioFile, "--quiet", "--out", Source);
        if (code != 0) throw new InvalidOperationException($"the source run failed: {err}");
    }

    /// <summary>A copy of the run folder to tamper with.</summary>
    public string Copy(string name)
    {
        string to = Path.Combine(Root, name);
        foreach (var f in Directory.GetFiles(Source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(Source, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        return to;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, true);
    }
}

/// <summary>
/// Journal rows are untrusted input: a row that selects Akka's JSON serializer with <c>$type</c> (or names a CLR type as
/// its manifest) is refused before any row is read, by resume in the CLI (exit 2, one line) and by <see cref="RunJournal"/>;
/// nothing it names is constructed. FlowAlp's own serializer refuses malformed rows with one line, and a snapshot whose
/// delegate was rebound is refused so that a fork falls back to an older snapshot with the same result.
/// </summary>
public sealed class HostileJournalTests(RealJournalRun run) : IClassFixture<RealJournalRun>
{
    private static string TrapJson => $$"""{"$type":"{{typeof(JournalTrap).FullName}}, {{typeof(JournalTrap).Assembly.GetName().Name}}","Path":"/tmp"}""";

    private static void Sql(string dir, string sql, params (string Name, object? Value)[] args)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "journal.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private static List<(long Seq, string Manifest, byte[] Bytes)> Rows(string dir, string table)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "journal.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = table == "journal" ? "SELECT sequence_number, manifest, message FROM journal ORDER BY sequence_number" : "SELECT sequence_number, manifest, snapshot FROM snapshot ORDER BY sequence_number";
        using var r = cmd.ExecuteReader();
        var rows = new List<(long, string, byte[])>();
        while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2)));
        return rows;
    }

    private static string JournalId(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!["journalId"]!.GetValue<string>();

    private static async Task<string> OpenRefused(string dir)
    {
        var e = await Assert.ThrowsAsync<SimulationException>(() => RunJournal.Open(PersistenceSpec.Default, dir, "sha", "actors", JournalId(dir)));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public async Task A_type_row_in_a_real_journal_is_refused_by_resume_and_builds_nothing()
    {
        int constructed = JournalTrap.Constructed, set = JournalTrap.PathSet;
        string dir = run.Copy("type-row"), db = Path.Combine(dir, "journal.db");
        const string Reason = "which flowalp does not write (an older flowalp's journal, or not written by flowalp): refused";

        // Akka's JSON serializer (id 1) with $type, as the reported exploit
        Sql(dir, "UPDATE journal SET identifier = 1, manifest = '', message = @m WHERE sequence_number = 2", ("@m", Encoding.UTF8.GetBytes(TrapJson)));
        Assert.Equal($"journal {db}: journal row 2 names serializer 1 with manifest '', {Reason}", await OpenRefused(dir));
        var (code, _, err) = MalformedScenarioTests.Cli("resume", dir, "--quiet");
        Assert.Equal(2, code);
        Assert.Equal($"resume {dir}: journal {db}: journal row 2 names serializer 1 with manifest '', {Reason}", err.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", err);

        // no serializer id: Akka.Persistence.Sql would resolve the manifest as a CLR type name
        string typeName = $"{typeof(JournalTrap).FullName}, {typeof(JournalTrap).Assembly.GetName().Name}";
        Sql(dir, "UPDATE journal SET identifier = NULL, manifest = @t WHERE sequence_number = 2", ("@t", typeName));
        Assert.Equal($"journal {db}: journal row 2 names serializer none with manifest '{typeName}', {Reason}", await OpenRefused(dir));

        // a snapshot row that selects another serializer
        Sql(dir, "UPDATE journal SET identifier = 4711, manifest = 'step-journaled.v1' WHERE sequence_number = 2");
        long seq = Rows(dir, "snapshot")[^1].Seq;
        Sql(dir, "UPDATE snapshot SET serializer_id = 1, manifest = '' WHERE sequence_number = @s", ("@s", seq));
        Assert.Equal($"journal {db}: snapshot row {seq} names serializer 1 with manifest '', {Reason}", await OpenRefused(dir));

        Assert.Equal(constructed, JournalTrap.Constructed);
        Assert.Equal(set, JournalTrap.PathSet);
    }

    [Fact]
    public async Task Past_the_row_check_the_journals_serializers_still_honour_no_type_name()
    {
        int constructed = JournalTrap.Constructed, set = JournalTrap.PathSet;
        string file = Path.Combine(run.Root, $"serializers-{Guid.NewGuid():N}.db");
        var system = ActorSystem.Create("hostile-serializers", PersistenceConfig.Sqlite(file));
        try
        {
            var serialization = system.Serialization;
            Assert.IsType<TypeNameSerializerRefused>(serialization.FindSerializerForType(typeof(JournalTrap))); // nothing unbound is written with type names
            var bytes = Encoding.UTF8.GetBytes(TrapJson);
            const string Refused = "journal row: serializer 1 (JSON with CLR type names) is not read by flowalp (a journal of an older flowalp, or not written by flowalp)";
            Assert.Equal(Refused, Assert.Throws<SerializationException>(() => serialization.Deserialize(bytes, 1, "")).Message);
            Assert.Equal(Refused, Assert.Throws<SerializationException>(() => serialization.Deserialize(bytes, 1, $"{typeof(JournalTrap).FullName}, FlowAlp.Simulation.Tests")).Message);
            Assert.Equal("journal row: unknown manifest 'FlowAlp.Simulation.Tests.Persistence.JournalTrap' (written by a newer flowalp, or not by flowalp)",
                Assert.Throws<SerializationException>(() => serialization.Deserialize(bytes, PersistedEventSerializer.Id, typeof(JournalTrap).FullName!)).Message);
            Assert.Equal("JournalTrap: not a persisted FlowAlp event (only IPersistedEvent is journaled, through PersistedEventSerializer)",
                Assert.Throws<SerializationException>(() => serialization.Serialize(new JournalTrap())).Message);
            Assert.Equal(constructed + 1, JournalTrap.Constructed); // the one this test built to serialize
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
        Assert.Equal(set, JournalTrap.PathSet);
    }

    [Theory]
    [InlineData("step-journaled.v1", "{}", "journal row (step-journaled.v1): 'step': missing")]
    [InlineData("step-journaled.v1", """{"step":"1","time":0,"events":1,"sha256":"x"}""", "journal row (step-journaled.v1): 'step': must be an integer")]
    [InlineData("step-journaled.v1", """{"step":1,"time":-5,"events":1,"sha256":"x"}""", "journal row (step-journaled.v1): 'time': must be a non-negative integer")]
    [InlineData("step-journaled.v1", """{"step":1,"time":0,"events":1,"sha256":"x","lines":[1]}""", "journal row (step-journaled.v1): 'lines[0]': must be a string")]
    [InlineData("journal-opened.v1", "[1,2]", "journal row (journal-opened.v1): not a JSON object")]
    [InlineData("journal-opened.v1", "nul", "journal row (journal-opened.v1): 'nul' is an invalid JSO*")]
    [InlineData("run-completed.v1", """{"steps":1,"steps":2,"sha256":"x"}""", "journal row (run-completed.v1): Duplicate property 'steps' encountered during deserialization*")]
    [InlineData("position-state.v1", """{"position":1,"decisions":0,"replica":{"balances":[["FLOW","sideways","1"]],"minHealth":"1","targetHealth":"1","maxHealth":"1","health":"1"}}""",
        "journal row (position-state.v1): 'balances[0]': unknown direction 'sideways'")]
    [InlineData("position-state.v1", """{"position":1,"decisions":0,"replica":{"balances":[],"minHealth":"-1","targetHealth":"1","maxHealth":"1","health":"1"}}""",
        "journal row (position-state.v1): 'minHealth': must be a raw 24-decimal integer")]
    [InlineData("pool-command.v1", """{"command":"tick","events":1,"sha256":"x"}""", "journal row (pool-command.v1): 'command': must be a JSON object")]
    [InlineData("System.IO.FileSystemWatcher", "{}", "journal row: unknown manifest 'System.IO.FileSystemWatcher' (written by a newer flowalp, or not by flowalp)")]
    public void FlowAlps_serializer_refuses_a_malformed_row_with_one_line(string manifest, string json, string message)
    {
        var serializer = new PersistedEventSerializer(null!);
        var e = Assert.Throws<SerializationException>(() => serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest));
        if (message.EndsWith('*')) Assert.StartsWith(message[..^1], e.Message); // the JSON reader's own words follow
        else Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_bounded_mutation_fuzz_over_real_journal_rows_reads_or_refuses_with_one_line()
    {
        var serializer = new PersistedEventSerializer(null!);
        var journal = Rows(run.Source, "journal");
        var snapshots = Rows(run.Source, "snapshot");
        Assert.Contains(journal, r => r.Manifest == "step-journaled.v1");
        var random = new Random(7);
        int read = 0, refused = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 300; i++)
        {
            var (_, manifest, original) = journal[random.Next(journal.Count)];
            var bytes = Mutate(original, random);
            try { Assert.NotNull(serializer.FromBinary(bytes, manifest)); read++; }
            catch (SerializationException e) { Assert.DoesNotContain('\n', e.Message); refused++; }
        }
        for (int i = 0; i < 100; i++)
        {
            var bytes = Mutate(snapshots[random.Next(snapshots.Count)].Bytes, random);
            if (bytes.Length > 32) SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32); // as an attacker would
            try { Assert.True(RunSnapshot.Parse(bytes).Step >= 0); read++; }
            catch (InvalidDataException e) { Assert.DoesNotContain('\n', e.Message); refused++; }
        }
        Assert.Equal(400, read + refused);
        Assert.True(refused > 100, $"{refused} of 400 refused");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"fuzz took {watch.Elapsed}");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var b = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int k = 0, n = 1 + random.Next(3); k < n; k++) b[random.Next(b.Length)] = (byte)random.Next(256);
                return b;
            case 1: return b[..random.Next(b.Length)];
            case 2:
                int at = random.Next(b.Length);
                return [.. b.AsSpan(0, at), .. "{\"$type\":\"System.IO.FileSystemWatcher\"}"u8, .. b.AsSpan(at)];
            default:
                int i = random.Next(b.Length);
                b[i] = (byte)"{}[]\",:0-9\\"[random.Next(11)];
                return b;
        }
    }

    [Fact]
    public void A_fork_from_a_snapshot_with_a_rebound_delegate_refuses_it_and_falls_back_with_the_same_result()
    {
        string clean = run.Copy("fork-clean-source"), tampered = run.Copy("fork-tampered-source");
        // the latest snapshot before step 150 (where the forks start from), with TokenState._emit rebound to Console.WriteLine
        var (seq, _, bytes) = Rows(tampered, "snapshot").Last(r => RunSnapshot.HeaderAndStep(r.Bytes).Step < 150);
        var snap = RunSnapshot.Parse(bytes);
        var state = SnapshotBytes.WithBody(snap.Engine.State, b => SnapshotBytes.Replace(b, "pool.emit", "System.Console::WriteLine"));
        var hostile = (snap with { Engine = new EngineSnapshot(state, snap.Engine.Log) }).ToBytes();
        Sql(tampered, "UPDATE snapshot SET snapshot = @b WHERE sequence_number = @s", ("@b", hostile), ("@s", seq));

        string[] set = ["--at", "150", "--set", """prices.FLOW={"process":"constant","start":1.0}""", "--quiet"];
        var (code, output, err) = MalformedScenarioTests.Cli(["fork", tampered, .. set, "--out", Path.Combine(run.Root, "fork-tampered")]);
        Assert.True(code == 0, err);
        var (cleanCode, _, cleanErr) = MalformedScenarioTests.Cli(["fork", clean, .. set, "--out", Path.Combine(run.Root, "fork-clean")]);
        Assert.True(cleanCode == 0, cleanErr);

        Assert.DoesNotContain("PoolEvent", output); // nothing printed by a rebound delegate
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.Root, "fork-clean", "events.jsonl")), File.ReadAllBytes(Path.Combine(run.Root, "fork-tampered", "events.jsonl")));
        var log = File.ReadAllText(Path.Combine(run.Root, "fork-tampered", "run.log"));
        Assert.Contains($"after step {snap.Step}) cannot be used (state snapshot names delegate 'System.Console::WriteLine', which is not in the registry)", log);
    }
}
