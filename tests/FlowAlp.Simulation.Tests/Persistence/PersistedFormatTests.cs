using System.Text;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Simulation.Persistence;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The persisted formats, byte for byte: each journal row kind, each journaled pool command and run.json as the JSON-tree
/// writer of format v1 wrote them (so a journal written before the typed writers still reads, and new rows are the same
/// bytes), and each read back to the value it was written from.
/// </summary>
public class PersistedFormatTests
{
    private static readonly PersistedEventSerializer Serializer = new(null!);

    private static readonly PositionReplica Replica = new(
        [("FLOW", new InternalBalance(new SignedBalance(BalanceDirection.Credit, Raw("400000000000000000000000000")))),
         ("MOET", new InternalBalance(new SignedBalance(BalanceDirection.Debit, Raw("12500000000000000000000000"))))],
        Raw("1100000000000000000000000"), Raw("1300000000000000000000000"), Raw("1500000000000000000000000"), Raw("2050000000000000000000000"));

    private static UFix128 Raw(string digits) => UFix128.FromRaw(UInt128.Parse(digits));

    private const string ReplicaJson =
        """{"balances":[["FLOW","credit","400000000000000000000000000"],["MOET","debit","12500000000000000000000000"]],"minHealth":"1100000000000000000000000","targetHealth":"1300000000000000000000000","maxHealth":"1500000000000000000000000","health":"2050000000000000000000000"}""";

    public static TheoryData<string, string> Rows => new()
    {
        { "position-refreshed.v1", $$"""{"position":3,"replica":{{ReplicaJson}}}""" },
        { "position-decided.v1", $$"""{"position":3,"tick":7,"rebalancer":2,"replica":{{ReplicaJson}}}""" },
        { "position-decided.v1", """{"position":3,"tick":7,"rebalancer":2,"replica":null}""" },
        { "position-state.v1", $$"""{"position":3,"decisions":9,"replica":{{ReplicaJson}}}""" },
        { "pool-command.v1", """{"command":{"op":"tick","time":"600.00000000"},"events":41,"sha256":"ab12"}""" },
        { "journal-opened.v1", """{"scenarioSha256":"cd34","format":3,"engine":"plain"}""" },
        { "step-journaled.v1", """{"step":5,"time":3000,"events":12,"sha256":"ef56","lines":["{\u0022op\u0022:\u0022tick\u0022}","caf\u00E9 \u003Cb\u003E"]}""" },
        { "step-journaled.v1", """{"step":5,"time":3000,"events":12,"sha256":"ef56","lines":null}""" },
        { "run-completed.v1", """{"steps":100,"sha256":"0789"}""" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_journal_row_reads_and_writes_back_to_the_same_bytes(string manifest, string row)
    {
        var read = Serializer.FromBinary(Encoding.UTF8.GetBytes(row), manifest);
        Assert.Equal(manifest, Serializer.Manifest(read));
        Assert.Equal(row, Encoding.UTF8.GetString(Serializer.ToBinary(read)));
        Assert.Equal(row, System.Text.Json.Nodes.JsonNode.Parse(row)!.ToJsonString()); // what format v1's JSON-tree writer wrote
    }

    [Fact]
    public void A_replica_row_reads_to_its_exact_raw_values()
    {
        var e = (PositionState)Serializer.FromBinary(Encoding.UTF8.GetBytes($$"""{"position":3,"decisions":9,"replica":{{ReplicaJson}}}"""), "position-state.v1");
        Assert.Equal((3L, 9L), (e.Position, e.Decisions));
        Assert.Equal(ReplicaCodec.Describe(Replica), ReplicaCodec.Describe(e.Replica));
        Assert.Equal(ReplicaJson, ReplicaCodec.Describe(e.Replica));
        Assert.Equal([("FLOW", BalanceDirection.Credit), ("MOET", BalanceDirection.Debit)], e.Replica!.Balances.Select(b => (b.Token, b.Balance.Direction)));
        Assert.Equal(Raw("2050000000000000000000000"), e.Replica.Health);
    }

    public static TheoryData<string> Commands => new()
    {
        """{"op":"tick","time":"600.00000000"}""",
        """{"op":"addRebalancer","position":2,"intervalSeconds":600,"force":false,"fee":"0.00105000","feeToken":"FLOW","funder":"admin","paid":true}""",
        """{"op":"removeRebalancer","position":2}""",
        """{"op":"enableRebalanceSupervisor","cronSeconds":300}""",
        """{"op":"setTopUpSource","position":1,"connector":{"kind":"wallet","account":"alice"}}""",
        """{"op":"setTopUpSource","position":1,"connector":{"kind":"position","position":4,"chained":true}}""",
        """{"op":"setDrawDownSink","position":1,"connector":{"kind":"yieldVault","vault":"v1"}}""",
        """{"op":"setDrawDownSink","position":1,"connector":{"kind":"dexLiquidity","name":"FLOW/MOET"}}""",
        """{"op":"setDrawDownSink","position":1,"connector":{"kind":"dead"}}""",
        """{"op":"setDrawDownSink","position":1,"connector":null}""",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_journaled_pool_command_decodes_and_encodes_back_to_the_same_bytes(string command)
    {
        var codec = new PoolCommandCodec(RecoveryMarket.Setup);
        Assert.Equal(command, PoolCommandCodec.Encode(codec.Decode(command)));
        Assert.Equal(command, System.Text.Json.Nodes.JsonNode.Parse(command)!.ToJsonString()); // what format v1's JSON-tree writer wrote
    }

    [Fact]
    public void A_script_step_is_journaled_compactly_and_decodes_against_the_set_up()
    {
        var codec = new PoolCommandCodec(RecoveryMarket.Setup);
        string command = PoolCommandCodec.Encode(new RunScriptStepJson("""{ "op": "setPrice", "token": "FLOW", "price": "0.85" }"""))!;
        Assert.Equal("""{"op":"step","step":{"op":"setPrice","token":"FLOW","price":"0.85"}}""", command);
        var step = Assert.IsType<FlowAlp.Engine.Operations.SetPriceStep>(Assert.IsType<RunScriptStep>(codec.Decode(command)).Step);
        Assert.Equal(("FLOW", UFix64.Parse("0.85")), (step.Token, step.Price));
        Assert.Equal(["FLOW"], codec.Setup.Tokens.Select(t => t.Symbol));
    }

    [Theory]
    [InlineData("""{"time":"1"}""", "'op': missing")]
    [InlineData("""{"op":"tick"}""", "'time': missing")]
    [InlineData("""{"op":"removeRebalancer","position":"2"}""", "'position': must be an integer")]
    [InlineData("""{"op":"setDrawDownSink","position":1,"connector":{"kind":"teleport"}}""", "connector.kind: unknown 'teleport'")]
    [InlineData("""{"op":"launch"}""", "command.op: unknown 'launch' (written by a newer flowalp?)")]
    [InlineData("""[1]""", "command: not a JSON object")]
    public void A_malformed_pool_command_is_refused_naming_the_field(string command, string message)
    {
        var codec = new PoolCommandCodec(RecoveryMarket.Setup);
        Assert.Equal(message, Assert.Throws<FormatException>(() => codec.Decode(command)).Message);
    }

    [Fact]
    public void Run_json_of_a_fork_is_written_in_its_field_order_and_read_back_typed()
    {
        string dir = Path.Combine(Path.GetTempPath(), "flowalp-format-" + Guid.NewGuid().ToString("N"));
        try
        {
            var fork = new ForkRecord("/runs/source", 12, ["pool.paused=true", "prices.FLOW.sigma=0.9"], """[ { "kind": "oracleStale", "atHours": 2 } ]""", true);
            new RunFolder(dir, "{}", "plain", "/base", fork, "run-1").Save();
            Assert.Equal("""{"engine":"plain","format":3,"baseDir":"/base","journalId":"run-1","fork":{"source":"/runs/source","atStep":12,"set":["pool.paused=true","prices.FLOW.sigma=0.9"],"faults":[{"kind":"oracleStale","atHours":2}],"replaceFaults":true}}""" + "\n",
                File.ReadAllText(Path.Combine(dir, RunFolder.MetaFile)));
            var back = RunFolder.Load(dir);
            Assert.Equal(("plain", "/base", "run-1"), (back.Engine, back.BaseDir, back.JournalId));
            Assert.Equal(("/runs/source", 12L, """[{"kind":"oracleStale","atHours":2}]""", (bool?)true), (back.Fork!.Source, back.Fork.AtStep, back.Fork.Faults, back.Fork.ReplaceFaults));
            Assert.Equal(["pool.paused=true", "prices.FLOW.sigma=0.9"], back.Fork.Set);

            new RunFolder(dir, "{}", "actors", "/base").Save();
            Assert.Equal("""{"engine":"actors","format":3,"baseDir":"/base","journalId":null}""" + "\n", File.ReadAllText(Path.Combine(dir, RunFolder.MetaFile)));
            Assert.Null(RunFolder.Load(dir).Fork);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_manifest_lists_the_names_flowalp_writes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "flowalp-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            OutputFolder.WriteManifest(dir, ["a.txt", "b"]);
            Assert.Equal("""{"writtenBy":"flowalp","files":["a.txt","b"]}""" + "\n", File.ReadAllText(Path.Combine(dir, OutputFolder.ManifestFile)));
        }
        finally { Directory.Delete(dir, true); }
    }
}
