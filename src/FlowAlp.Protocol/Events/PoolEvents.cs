using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Events;

/// <summary>The pool's events (FlowALPEvents, spec Appendix B), in emission order within an operation.</summary>
public abstract record PoolEvent;

public sealed record Opened(long Position) : PoolEvent;
public sealed record Deposited(long Position, string Token, UFix64 Amount) : PoolEvent;
public sealed record Withdrawn(long Position, string Token, UFix64 Amount) : PoolEvent;
public sealed record Rebalanced(long Position, UFix128 AtHealth, UFix64 Amount, bool FromUnder) : PoolEvent;
public sealed record LiquidationExecuted(long Position, string DebtToken, UFix64 RepayAmount, string SeizeToken, UFix64 SeizeAmount, UFix128 NewHealth) : PoolEvent;
public sealed record DepositCapacityConsumed(string Token, long Position, UFix64 Amount, UFix64 RemainingCapacity) : PoolEvent;
public sealed record DepositCapacityRegenerated(string Token, UFix64 OldCapacityCap, UFix64 NewCapacityCap) : PoolEvent;
public sealed record InsuranceFeeCollected(string Token, UFix64 Amount, UFix64 CollectionTime) : PoolEvent;
public sealed record StabilityFeeCollected(string Token, UFix64 Amount, UFix64 CollectionTime) : PoolEvent;
public sealed record StabilityFundWithdrawn(string Token, UFix64 Amount) : PoolEvent;
public sealed record InterestCurveUpdated(string Token, string CurveType) : PoolEvent;
public sealed record InsuranceRateUpdated(string Token, UFix64 Rate) : PoolEvent;
public sealed record StabilityFeeRateUpdated(string Token, UFix64 Rate) : PoolEvent;
public sealed record PoolPaused : PoolEvent;
public sealed record PoolUnpaused(UFix64 WarmupEndsAt) : PoolEvent;
public sealed record PriceOracleUpdated(string OracleType) : PoolEvent;
