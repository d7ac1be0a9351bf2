using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol;

namespace FlowAlp.Engine.Operations;

// The `query` op's results: values copied out of the pool when the query ran (a host may render them later).

public sealed record HealthResult(UFix128 Health) : OperationResult;
public sealed record LiquidatableResult(bool IsLiquidatable) : OperationResult;
public sealed record PositionResult(PositionDetails Details) : OperationResult;

/// <summary>A wallet's balances, in the account book's order.</summary>
public sealed record AccountResult(string Account, IReadOnlyList<KeyValuePair<string, UFix64>> Balances) : OperationResult;

public sealed record RebalancerRunsResult(int Runs, int FixedReschedules, int FailedSchedules) : OperationResult;

/// <summary>The pool's state: per token (supported-token order), reserves and funds (the pool's order), the update queue.</summary>
public sealed record PoolResult(UFix64 Time, bool Paused, IReadOnlyList<TokenView> Tokens, IReadOnlyList<KeyValuePair<string, UFix64>> Reserves,
    UFix64 InsuranceFund, IReadOnlyList<KeyValuePair<string, UFix64>> StabilityFunds, UFix64 MoetMinted, IReadOnlyList<long> Queue, int Positions) : OperationResult;

public sealed record TokenView(string Symbol, UFix64 CollateralFactor, UFix64 BorrowFactor, UFix128 TotalCreditBalance, UFix128 TotalDebitBalance,
    UFix128 CreditInterestIndex, UFix128 DebitInterestIndex, UFix128 CurrentCreditRate, UFix128 CurrentDebitRate, UFix64 DepositCapacity,
    UFix64 DepositCapacityCap, UFix64 DepositRate, UFix64 DepositLimitFraction, UFix64 MinimumBalance, UFix64 InsuranceRate,
    UFix64 StabilityFeeRate, UFix64 Reserve, UFix64 StabilityFund);
