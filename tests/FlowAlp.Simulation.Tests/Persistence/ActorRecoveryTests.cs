using Akka.Actor;
using Akka.Configuration;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// Recovery of the event-sourced actors after a restart (an injected crash, restarted by the parent) and after the actor
/// was killed and re-created in a new ActorSystem on the same database: a persistent position gets back its replica and
/// decision count from its journal and snapshots; the persistent pool replays its journaled commands and gets back the
/// same event log (hash and length), balances, health and position decisions. Run on SQLite (a temp file) and on
/// PostgreSQL (see <see cref="PostgresActorRecoveryTests"/>).
/// </summary>
public abstract class ActorRecoveryTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly Config _config;
    private readonly string _run = Guid.NewGuid().ToString("N")[..12]; // persistence ids unique per test (PostgreSQL is shared)

    protected ActorRecoveryTests(Config persistence, ITestOutputHelper output) : this(Full(persistence), output, 0) { }

    private ActorRecoveryTests(Config full, ITestOutputHelper output, int _) : base(full, "recovery", output) => _config = full;

    private static Config Full(Config persistence) =>
        persistence.WithFallback(AkkaConfig.For(new EngineSettings())).WithFallback(ConfigurationFactory.Default());

    /// <summary>Skips the test (with the reason) where the backend is not available.</summary>
    protected abstract void RequireBackend();

    /// <summary>A plain connection to the test's database (to look at what the journal stored).</summary>
    protected abstract System.Data.Common.DbConnection OpenDatabase();

    private List<string> Query(string sql, string persistenceId)
    {
        using var db = OpenDatabase();
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "id";
        p.Value = persistenceId;
        cmd.Parameters.Add(p);
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join(" ", Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    // ---- position ----------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_persistent_position_recovers_its_replica_and_decisions_after_a_crash_and_in_a_new_system()
    {
        RequireBackend();
        var core = new PoolCore(ScriptParser.Parse(RecoveryMarket.Setup));
        var steps = ScriptParser.Parse(RecoveryMarket.Setup.Replace("\"steps\": []", "\"steps\": [" + string.Join(",", RecoveryMarket.Openings()) + "]")).Steps;
        foreach (var step in steps) core.ApplyScriptStep(step);
        string id = $"position-{_run}-0";
        var barrier = CreateTestProbe();
        var position = Sys.ActorOf(PersistentPositionActor.Props(id, 0, snapshotEvery: 4), "p0");

        // ten events: refreshes and decisions on snapshots taken at different prices (a snapshot is saved at 4 and 8)
        long tick = 0;
        foreach (var price in new[] { "1.0", "0.9", "0.8", "1.1", "1.3" })
        {
            core.ApplyScriptStep(new SetPriceStep(0, "FLOW", UFix64.Parse(price)));
            position.Tell(new PositionRefreshed(core.TrySnapshot(0)!));
            Decide(position, barrier, core, ++tick);
        }
        var before = await position.Ask<Replica>(new GetReplica(), Wait);
        Assert.Equal(5, before.Decisions);
        Assert.Equal(ReplicaCodec.Describe(PositionReplica.From(core.TrySnapshot(0)!)), ReplicaCodec.Describe(before.State));
        Assert.Equal(core.TrySnapshot(0)!.Health, before.State!.Health);

        // crash while handling a decision: the parent restarts it, it recovers from the journal, then decides the retried run
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        position.Tell(new CrashOnNextMessage());
        core.ApplyScriptStep(new SetPriceStep(0, "FLOW", UFix64.Parse("0.75")));
        var crashed = Decide(position, barrier, core, ++tick);
        errors.ExpectMsg<Akka.Event.Error>(e => e.Cause is InvalidOperationException { Message: "position 0: injected crash" }, Wait);
        var afterCrash = await position.Ask<Replica>(new GetReplica(), Wait);
        Assert.Equal(6, afterCrash.Decisions);                 // 5 recovered + the retried run, not 1 (a fresh actor's count)
        Assert.Equal(ReplicaCodec.Describe(PositionReplica.From(core.TrySnapshot(0)!)), ReplicaCodec.Describe(afterCrash.State));
        Assert.Equal(RunDecision.Decide(core.TrySnapshot(0), false).Plan, crashed.Decision.Plan);

        // what the database holds: stable manifests (no CLR type names), and only the latest snapshot (at event 8 of 11)
        Assert.Equal(["position-decided.v1", "position-refreshed.v1"], Query("SELECT DISTINCT manifest FROM journal WHERE persistence_id = @id ORDER BY manifest", id));
        AwaitAssert(() => Assert.Equal(["position-state.v1 8"], Query("SELECT manifest, sequence_number FROM snapshot WHERE persistence_id = @id", id)), Wait);

        // killed, then re-created in another ActorSystem on the same database: the same state, from snapshot + events
        await StopAsync(position);
        var other = ActorSystem.Create("recovery-2", _config);
        try
        {
            var again = await other.ActorOf(PersistentPositionActor.Props(id, 0, snapshotEvery: 4), "p0").Ask<Replica>(new GetReplica(), Wait);
            Assert.Equal(afterCrash.Decisions, again.Decisions);
            Assert.Equal(ReplicaCodec.Describe(afterCrash.State), ReplicaCodec.Describe(again.State));
        }
        finally { await other.Terminate(); }
    }

    private RebalancerReady Decide(IActorRef position, Akka.TestKit.TestProbe barrier, PoolCore core, long tick)
    {
        position.Tell(new RebalanceDue(tick, 0, false, core.TrySnapshot(0), barrier.Ref, UFix64.FromInteger(600 * (ulong)tick)));
        return barrier.ExpectMsg<RebalancerReady>(r => r.Tick == tick && r.Decision.Position == 0, Wait);
    }

    // ---- pool --------------------------------------------------------------------------------------------

    /// <summary>What the tests compare: the event log, the pool's figures and every position actor's replica and decisions.</summary>
    private sealed record PoolState(string Sha256, int Count, string Metrics, string[] Positions);

    private static void Same(PoolState want, PoolState got)
    {
        Assert.Equal(want.Sha256, got.Sha256);
        Assert.Equal(want.Count, got.Count);
        Assert.Equal(want.Metrics, got.Metrics);
        Assert.Equal(want.Positions, got.Positions); // decision counts and replicas
    }

    private static async Task<PoolState> Read(IActorRef pool)
    {
        var log = await pool.Ask<EventLog>(new GetEventLog(), Wait);
        var m = await pool.Ask<MetricsSample>(new GetMetrics(), Wait);
        string metrics = $"{m.Time} {m.Positions} {m.Indebted} {m.Liquidatable} {m.BadDebt} {m.MoetSupply} {m.InsuranceFund} {m.Totals} "
            + string.Join(";", m.Tokens.Select(t => t.ToString())) + " " + string.Join(",", m.HealthPercentiles);
        var positions = new string[m.Positions];
        for (long p = 0; p < m.Positions; p++)
        {
            var actor = (await pool.Ask<PositionActorRef>(new GetPositionActor(p), Wait)).Actor!;
            var r = await actor.Ask<Replica>(new GetReplica(), Wait);
            positions[p] = $"{r.Decisions} {ReplicaCodec.Describe(r.State)}";
        }
        return new PoolState(log.Sha256, log.Lines.Count, metrics, positions);
    }

    private static async Task Send(IActorRef pool, object command)
    {
        var reply = await pool.Ask<object>(command, Wait); // a Status.Failure reply throws its cause
        if (reply is ScriptStepDone d) Assert.True(d.Outcome.Ok, d.Outcome.Error);
    }

    private static async Task Open(IActorRef pool)
    {
        foreach (var step in RecoveryMarket.Openings()) await Send(pool, new RunScriptStepJson(step));
        for (long p = 0; p < 3; p++) await Send(pool, new AddRebalancer(p, RecoveryMarket.Rebalancer));
        await Send(pool, new EnableRebalanceSupervisor(3600));
    }

    private static async Task Run(IActorRef pool, ulong from, ulong to)
    {
        foreach (var command in RecoveryMarket.Blocks(from, to)) await Send(pool, command);
    }

    /// <summary>Naive mode: every due run reaches its position, so each position's decision count is known (4 by t = 2400).</summary>
    private const bool WakeEveryone = true;

    [SkippableFact]
    public async Task A_persistent_pool_replays_its_commands_to_the_same_state_after_a_crash_and_in_a_new_system()
    {
        RequireBackend();
        // reference: the same commands, never interrupted
        var calm = Sys.ActorOf(PersistentPoolSupervisor.Props($"pool-{_run}-calm", RecoveryMarket.Setup, WakeEveryone), "calm");
        await Open(calm);
        await Run(calm, 0, 5400);
        var reference = await Read(calm);

        string id = $"pool-{_run}";
        var pool = Sys.ActorOf(PersistentPoolSupervisor.Props(id, RecoveryMarket.Setup, WakeEveryone), "pool");
        await Open(pool);
        await Run(pool, 0, 2400);
        var before = await Read(pool);
        Assert.Contains("\"type\":\"Rebalanced\"", string.Join("\n", (await pool.Ask<EventLog>(new GetEventLog(), Wait)).Lines));
        Assert.All(before.Positions, p => Assert.StartsWith("4 ", p)); // runs at 600, 1200, 1800, 2400

        // crash: the parent restarts the actor (same ref), which replays its journaled commands; queries wait for the replay
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        pool.Tell(new CrashPersistentPool());
        errors.ExpectMsg<Akka.Event.Error>(e => e.Cause is InvalidOperationException { Message: "persistent pool: injected crash" }, Wait);
        var recovered = await Read(pool);
        Assert.Equal(before.Sha256, recovered.Sha256);
        Assert.Equal(before.Count, recovered.Count);
        Assert.Equal(before.Metrics, recovered.Metrics);
        Assert.Equal(before.Positions, recovered.Positions);

        // it goes on exactly as the uninterrupted pool
        await Run(pool, 2400, 3600);
        var mid = await Read(pool);

        // killed, then re-created in another ActorSystem on the same database
        await StopAsync(pool);
        var other = ActorSystem.Create("recovery-2", _config);
        try
        {
            var again = other.ActorOf(PersistentPoolSupervisor.Props(id, RecoveryMarket.Setup, WakeEveryone), "pool");
            var state = await Read(again);
            Assert.Equal(mid.Sha256, state.Sha256);
            Assert.Equal(mid.Metrics, state.Metrics);
            Assert.Equal(mid.Positions, state.Positions);
            await Run(again, 3600, 5400);
            var final = await Read(again);
            Assert.Equal(reference.Sha256, final.Sha256);
            Assert.Equal(reference.Count, final.Count);
            Assert.Equal(reference.Metrics, final.Metrics);
            Assert.Equal(reference.Positions, final.Positions);
        }
        finally { await other.Terminate(); }
    }

    /// <summary>A keeper with MOET to repay debt, so the price fall to 0.7 (carol has no topUpSource) ends in liquidations.</summary>
    private static readonly string WithKeeper = RecoveryMarket.Setup.Replace("\"admin\": { \"FLOW\": \"100\" }", "\"admin\": { \"FLOW\": \"100\" }, \"keeper\": { \"MOET\": \"100000\" }");

    /// <summary>A liquidator and the DEX: configuration the journal has no JSON for, made durable by a snapshot of the pool.</summary>
    private async Task AddLiquidation(IActorRef pool)
    {
        var amm = new ConstantProductAmm(30);
        amm.SetLiquidity("FLOW", UFix64.FromInteger(1_000_000), "MOET", UFix64.FromInteger(1_000_000));
        await Send(pool, new UseDex(Sys.ActorOf(DexActor.Props(amm)), amm));
        await Send(pool, new AddLiquidator("keeper", "keeper", 50));
    }

    [SkippableFact]
    public async Task A_persistent_pool_recovers_configuration_it_cannot_journal_from_its_snapshot()
    {
        RequireBackend();
        var calm = Sys.ActorOf(PersistentPoolSupervisor.Props($"pool-{_run}-calm", WithKeeper, WakeEveryone), "calm-liq");
        await Open(calm);
        await AddLiquidation(calm);
        await Run(calm, 0, 5400);
        var reference = await Read(calm);
        Assert.Contains("\"type\":\"LiquidationExecuted\"", string.Join("\n", (await calm.Ask<EventLog>(new GetEventLog(), Wait)).Lines));

        string id = $"pool-{_run}-liq";
        var pool = Sys.ActorOf(PersistentPoolSupervisor.Props(id, WithKeeper, WakeEveryone), "pool-liq");
        await Open(pool);
        await AddLiquidation(pool);
        Assert.Single(Query("SELECT sequence_number FROM snapshot WHERE persistence_id = @id", id)); // taken right after the DEX and the liquidator
        await Run(pool, 0, 1200);
        var before = await Read(pool);

        // crash: recovery starts from the snapshot (DEX pools, liquidator) and replays the commands after it
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        pool.Tell(new CrashPersistentPool());
        errors.ExpectMsg<Akka.Event.Error>(e => e.Cause is InvalidOperationException { Message: "persistent pool: injected crash" }, Wait);
        Same(before, await Read(pool));

        // the liquidations of the price fall happen as in the pool never interrupted
        await Run(pool, 1200, 5400);
        Same(reference, await Read(pool));
    }

    [SkippableFact]
    public async Task A_pool_journal_that_does_not_replay_to_its_hashes_refuses_every_command()
    {
        RequireBackend();
        string id = $"pool-{_run}-other";
        var pool = Sys.ActorOf(PersistentPoolSupervisor.Props(id, RecoveryMarket.Setup, WakeEveryone), "pool");
        await Open(pool);
        await Run(pool, 0, 600);
        await StopAsync(pool);

        // the same journal under another set-up (FLOW's collateral factor 0.7, not 0.8): the first position borrows less,
        // so the first replayed command already ends on another event log
        var changed = RecoveryMarket.Setup.Replace("\"collateralFactor\": \"0.8\"", "\"collateralFactor\": \"0.7\"");
        Assert.NotEqual(RecoveryMarket.Setup, changed);
        var wrong = Sys.ActorOf(PersistentPoolSupervisor.Props(id, changed), "wrong");
        var e = await Assert.ThrowsAsync<SimulationException>(() => wrong.Ask<TickDone>(new FlowAlp.Actors.Pool.Tick(UFix64.FromInteger(660)), Wait));
        Assert.StartsWith("pool journal: command 1 does not replay to its journaled state (journal: ", e.Message);
        var again = await Assert.ThrowsAsync<SimulationException>(() => wrong.Ask<EventLog>(new GetEventLog(), Wait));
        Assert.Equal(e.Message, again.Message);
    }

    /// <summary>Rewrites row 1 of <paramref name="persistenceId"/> to select Akka's JSON serializer with $type naming <see cref="JournalTrap"/>.</summary>
    private void RewriteAsTypeRow(string persistenceId)
    {
        using var db = OpenDatabase();
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE journal SET identifier = 1, manifest = '', message = @m WHERE persistence_id = @id AND sequence_number = 1";
        var m = cmd.CreateParameter();
        m.ParameterName = "m";
        m.Value = System.Text.Encoding.UTF8.GetBytes($$"""{"$type":"{{typeof(JournalTrap).FullName}}, FlowAlp.Simulation.Tests","Path":"/tmp"}""");
        cmd.Parameters.Add(m);
        var p = cmd.CreateParameter();
        p.ParameterName = "id";
        p.Value = persistenceId;
        cmd.Parameters.Add(p);
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    private const string TypeRowRefused = "journal row 1 names serializer 1 with manifest '', which flowalp does not write (an older flowalp's journal, or not written by flowalp): refused";

    [SkippableFact]
    public async Task A_type_row_in_a_position_journal_stops_the_actor_before_recovery_reads_any_row()
    {
        RequireBackend();
        int constructed = JournalTrap.Constructed, set = JournalTrap.PathSet;
        var core = new PoolCore(ScriptParser.Parse(RecoveryMarket.Setup));
        var steps = ScriptParser.Parse(RecoveryMarket.Setup.Replace("\"steps\": []", "\"steps\": [" + string.Join(",", RecoveryMarket.Openings()) + "]")).Steps;
        foreach (var step in steps) core.ApplyScriptStep(step);
        string id = $"position-{_run}-type-row";
        var position = Sys.ActorOf(PersistentPositionActor.Props(id, 0, snapshotEvery: 4), "p-type-row");
        position.Tell(new PositionRefreshed(core.TrySnapshot(0)!));
        Assert.NotNull((await position.Ask<Replica>(new GetReplica(), Wait)).State); // the refresh is journaled (row 1)
        await StopAsync(position);
        RewriteAsTypeRow(id);

        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        Sys.ActorOf(PersistentPositionActor.Props(id, 0, snapshotEvery: 4), "p-type-row-again");
        errors.ExpectMsg<Akka.Event.Error>(e => e.Cause is ActorInitializationException a
            && a.GetBaseException() is SimulationException { Message: "position journal: " + TypeRowRefused }, Wait);
        Assert.Equal(constructed, JournalTrap.Constructed);
        Assert.Equal(set, JournalTrap.PathSet);
    }

    [SkippableFact]
    public async Task A_type_row_in_the_pool_journal_is_refused_before_recovery_reads_any_row()
    {
        RequireBackend();
        int constructed = JournalTrap.Constructed, set = JournalTrap.PathSet;
        string id = $"pool-{_run}-type-row";
        var pool = Sys.ActorOf(PersistentPoolSupervisor.Props(id, RecoveryMarket.Setup, WakeEveryone), "pool-type-row");
        await Open(pool);
        await Run(pool, 0, 600);
        await StopAsync(pool);

        RewriteAsTypeRow(id);

        var again = Sys.ActorOf(PersistentPoolSupervisor.Props(id, RecoveryMarket.Setup, WakeEveryone), "pool-type-row-again");
        var e = await Assert.ThrowsAsync<SimulationException>(() => again.Ask<EventLog>(new GetEventLog(), Wait));
        Assert.Equal("pool journal: " + TypeRowRefused, e.Message);
        Assert.Equal(constructed, JournalTrap.Constructed);
        Assert.Equal(set, JournalTrap.PathSet);
    }

    [SkippableFact]
    public async Task A_malformed_step_is_refused_with_its_field_and_not_journaled()
    {
        RequireBackend();
        var pool = Sys.ActorOf(PersistentPoolSupervisor.Props($"pool-{_run}-bad", RecoveryMarket.Setup), "pool");
        var e = await Assert.ThrowsAsync<ScriptFormatException>(() =>
            pool.Ask<ScriptStepDone>(new RunScriptStepJson("""{ "op": "deposit", "position": 0, "as": "alice", "token": "DOGE", "amount": "1" }"""), Wait));
        Assert.Equal("step 0 (deposit): field 'token': unknown token 'DOGE'", e.Message);
        var log = await pool.Ask<EventLog>(new GetEventLog(), Wait);
        Assert.Empty(log.Lines);
    }

    private async Task StopAsync(IActorRef actor)
    {
        var probe = CreateTestProbe();
        probe.Watch(actor);
        actor.Tell(Kill.Instance);
        probe.ExpectTerminated(actor, Wait);
        await Task.CompletedTask;
    }
}

/// <summary>The recovery tests on an SQLite file (WAL) in a temp folder.</summary>
public sealed class SqliteActorRecoveryTests : ActorRecoveryTests
{
    private static string NewFile() => Path.Combine(Path.GetTempPath(), $"flowalp-recovery-{Guid.NewGuid():N}.db");
    private readonly string _file;

    public SqliteActorRecoveryTests(ITestOutputHelper output) : this(NewFile(), output) { }
    private SqliteActorRecoveryTests(string file, ITestOutputHelper output) : base(PersistenceConfig.Sqlite(file), output) => _file = file;

    protected override void RequireBackend() { }

    protected override System.Data.Common.DbConnection OpenDatabase() => new SqliteConnection($"Data Source={_file}");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}

/// <summary>The recovery tests on the tests' throwaway PostgreSQL (<see cref="PostgresInstance"/>); skipped, saying how to install it, where it is absent.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresActorRecoveryTests(PostgresInstance server, ITestOutputHelper output) : ActorRecoveryTests(
    server.Up ? PersistenceConfig.Sql(server.ConnectionString!, PersistenceConfig.PostgresProvider) : ConfigurationFactory.Empty, output)
{
    protected override void RequireBackend() => Skip.IfNot(server.Up, server.Why);

    protected override System.Data.Common.DbConnection OpenDatabase() => new Npgsql.NpgsqlConnection(server.ConnectionString);
}
