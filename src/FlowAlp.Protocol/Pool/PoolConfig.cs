using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol;

/// <summary>Pool-wide settings a pool is created with (spec §1.1 defaults).</summary>
public sealed record PoolConfig
{
    public string DefaultToken { get; init; } = "MOET";
    public UFix128 LiquidationTargetHealth { get; init; } = UFix128.Parse("1.05");
    public ushort DexOracleDeviationBps { get; init; } = 300;
    public ulong WarmupSeconds { get; init; } = 300;
    public int PositionsProcessedPerCallback { get; init; } = 100;
    public UFix64 StartTime { get; init; } = UFix64.Zero;
}
