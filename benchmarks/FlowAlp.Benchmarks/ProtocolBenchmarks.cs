using BenchmarkDotNet.Attributes;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Benchmarks;

/// <summary>
/// The protocol's hot functions: health of a position holding 1, 2 and 5 tokens (through the pool's public query, and
/// on a snapshot with the pure math), the rebalance amount (§2.5 top-up solver), interest index compounding, and the
/// UFix128 multiply and divide everything above stands on.
/// </summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private Pool _pool = null!;
    private readonly long[] _pid = new long[6];
    private readonly PositionSnapshot[] _snap = new PositionSnapshot[6];
    private UFix128 _a, _b;
    private readonly FlowAlp.Protocol.Health.HealthInput[][] _flat = new FlowAlp.Protocol.Health.HealthInput[6][];
    private ScriptWorld _world = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Five collateral tokens besides MOET; position k holds k of them (k = 1 holds FLOW only, with a MOET debt from auto-borrow).
        var tokens = string.Join(",", Enumerable.Range(0, 5).Select(i =>
            $$"""{"symbol":"T{{i}}","collateralFactor":"0.8","borrowFactor":"1.0","interestCurve":{"kind":"fixed","yearlyRate":"0.05"},"depositRate":"1000000","depositCapacityCap":"1000000"}"""));
        var prices = string.Join(",", Enumerable.Range(0, 5).Select(i => $"\"T{i}\":\"{1 + i}.5\""));
        var wallet = string.Join(",", Enumerable.Range(0, 5).Select(i => $"\"T{i}\":\"100000\""));
        string script = "{\"tokens\":[" + tokens + "],\"prices\":{" + prices + "},\"accounts\":{\"u\":{" + wallet + "}},\"steps\":[]}";
        _world = new ScriptRunner(ScriptParser.Parse(script)).World;
        _pool = _world.Pool;
        foreach (int k in new[] { 1, 2, 5 })
        {
            _world.Accounts.Debit("u", "T0", UFix64.FromInteger(100));
            _pid[k] = _pool.CreatePosition(new Vault("T0", UFix64.FromInteger(100)), new WalletSink(_world.Accounts, "u", "MOET"), new WalletSource(_world.Accounts, "u", "MOET"), true);
            for (int i = 1; i < k - (k > 1 ? 1 : 0); i++) _pool.Deposit(_pid[k], new Vault($"T{i}", UFix64.FromInteger(50)));
            _snap[k] = _pool.SnapshotOf(_pid[k]);
            _flat[k] = _snap[k].Balances.Select(b => new FlowAlp.Protocol.Health.HealthInput(b.Value.Direction, b.Value.Scaled.Quantity, _snap[k].Tokens[b.Key])).ToArray();
        }
        _pool.AdvanceTo(UFix64.FromInteger(3600));
        _a = UFix128.Parse("1.234567890123456789012345");
        _b = UFix128.Parse("987.654321098765432109876543");
    }

    [Benchmark] public UFix128 Health_1_token_pool() => _pool.PositionHealth(_pid[1]);
    [Benchmark] public UFix128 Health_2_tokens_pool() => _pool.PositionHealth(_pid[2]);
    [Benchmark] public UFix128 Health_5_tokens_pool() => _pool.PositionHealth(_pid[5]);
    [Benchmark] public UFix128 Health_2_tokens_snapshot() => _snap[2].Health;
    [Benchmark] public UFix128 Health_5_tokens_snapshot() => _snap[5].Health;
    [Benchmark] public UFix128 Health_2_tokens_kernel() => FlowAlp.Protocol.Health.HealthKernel.Health(_flat[2]);
    [Benchmark] public UFix128 Health_5_tokens_kernel() => FlowAlp.Protocol.Health.HealthKernel.Health(_flat[5]);
    [Benchmark] public RebalancePlan Rebalance_amount_2_tokens() => _snap[2].PlanRebalance(force: true);
    [Benchmark] public UFix64 Funds_required_for_target_pool() => _pool.FundsRequiredForTargetHealth(_pid[2], "MOET", UFix128.Parse("1.3"));
    [Benchmark] public UFix128 Interest_compound_one_day() => FixedMath.Pow(UFix128.Parse("1.000000001585489599188229"), 86_400);
    [Benchmark] public UFix128 UFix128_mul() => _a * _b;
    [Benchmark] public UFix128 UFix128_div() => _b / _a;
}
