using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Operations;

/// <summary>What a committed operation returns (protocol-script.md "Result and event shapes"), as values, not JSON.</summary>
public abstract record OperationResult;

/// <summary>An operation with nothing to return (the line's <c>result</c> is <c>{}</c>).</summary>
public sealed record NoResult : OperationResult
{
    public static readonly NoResult Instance = new();
}

public sealed record PositionCreated(long Position) : OperationResult;
/// <summary>A deposit: what the pool took now and what it queued (the protocol's DepositResult, as an operation result).</summary>
public sealed record DepositAccepted(UFix64 Accepted, UFix64 Queued) : OperationResult;

/// <summary>An amount moved or read: withdraw, collectInsurance/collectStability, and the amount queries.</summary>
public sealed record AmountResult(UFix64 Amount) : OperationResult;

public sealed record HealthBoundsResult(UFix128 Min, UFix128 Target, UFix128 Max) : OperationResult;
public sealed record LiquidationResult(UFix64 Repaid, UFix64 Seized, UFix128 Health) : OperationResult;
public sealed record AsyncUpdateResult(int Processed) : OperationResult;
public sealed record TimeAdvanced(UFix64 Time) : OperationResult;
