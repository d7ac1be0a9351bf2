using FlowAlp.Protocol;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Operations;

/// <summary>A parsed, fully validated protocol script (protocol-script.md).</summary>
public sealed record Script(PoolConfig Pool, IReadOnlyList<TokenSettings> Tokens, IReadOnlyDictionary<string, UFix64?> Prices,
    IReadOnlyDictionary<(string In, string Out), UFix64> DexPrices, IReadOnlyDictionary<string, IReadOnlyDictionary<string, UFix64>> Accounts,
    IReadOnlyList<Step> Steps);

/// <summary>One step; <see cref="Op"/> is the script's op name.</summary>
public abstract record Step(int Index, string Op);

public sealed record CreatePositionStep(int Index, string As, string Token, UFix64 Amount, bool Push, string? Sink, string? Source) : Step(Index, "createPosition");
public sealed record DepositStep(int Index, long Position, string As, string Token, UFix64 Amount, bool Push) : Step(Index, "deposit");
public sealed record WithdrawStep(int Index, long Position, string As, string Token, UFix64 Amount, bool Pull) : Step(Index, "withdraw");
public sealed record RebalanceStep(int Index, long Position, bool Force) : Step(Index, "rebalance");
public sealed record SetHealthBoundsStep(int Index, long Position, IReadOnlyList<(string Which, UFix64 Value)> Bounds) : Step(Index, "setHealthBounds");
public sealed record SetConnectorStep(int Index, string Op, long Position, string? Account) : Step(Index, Op);
public sealed record SetPriceStep(int Index, string Token, UFix64? Price) : Step(Index, "setPrice");
public sealed record SetDexPriceStep(int Index, string In, string Out, UFix64 Price) : Step(Index, "setDexPrice");
public sealed record AdvanceTimeStep(int Index, UFix64 Seconds) : Step(Index, "advanceTime");
public sealed record LiquidateStep(int Index, long Position, string As, string DebtToken, string RepayToken, UFix64 RepayAmount, string SeizeToken, UFix64 SeizeAmount) : Step(Index, "liquidate");
public sealed record AsyncUpdateStep(int Index) : Step(Index, "asyncUpdate");
public sealed record GovernanceStep(int Index, string Setting, string? Token, GovernanceValue Value) : Step(Index, "governance");
public sealed record CollectStep(int Index, string Op, string Token) : Step(Index, Op);
public sealed record MintStep(int Index, string To, string Token, UFix64 Amount) : Step(Index, "mint");
public sealed record CreateRebalancerStep(int Index, long Position, bool Paid, UFix64 Interval, bool Force, string? Funder) : Step(Index, "createRebalancer");
public sealed record RebalancerActionStep(int Index, string Op, long Position) : Step(Index, Op);
public sealed record QueryStep(int Index, string What, QueryArgs Args) : Step(Index, "query");

/// <summary>A governance value: a decimal, a curve, an integer (bps) or a flag, as the setting needs.</summary>
public sealed record GovernanceValue(UFix64? Decimal = null, IInterestCurve? Curve = null, ushort? Bps = null, bool? Flag = null);

public sealed record QueryArgs(long? Position = null, string? Account = null, string? Token = null, bool Pull = false, UFix64? TargetHealth = null,
    string? DepositToken = null, string? WithdrawToken = null, UFix64? Amount = null);
