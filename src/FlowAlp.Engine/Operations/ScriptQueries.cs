using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Operations;

/// <summary>The read-only `query` op: typed results (protocol-script.md shapes), values copied out of the pool.</summary>
internal static class ScriptQueries
{
    public static OperationResult Run(ScriptWorld w, QueryStep q)
    {
        var pool = w.Pool;
        var a = q.Args;
        long pid = a.Position ?? 0;
        return q.What switch
        {
            "health" => new HealthResult(pool.PositionHealth(pid)),
            "isLiquidatable" => new LiquidatableResult(pool.IsLiquidatable(pid)),
            "position" => new PositionResult(pool.GetPositionDetails(pid)),
            "account" => new AccountResult(a.Account!, w.Accounts.Balances(a.Account!).ToList()),
            "pool" => Pool(pool),
            "availableBalance" => new AmountResult(pool.AvailableBalance(pid, a.Token!, a.Pull)),
            "fundsRequiredForTargetHealth" => new AmountResult(pool.FundsRequiredForTargetHealth(pid, a.Token!, a.TargetHealth!.Value.ToUFix128())),
            "fundsAvailableAboveTargetHealth" => new AmountResult(pool.FundsAvailableAboveTargetHealth(pid, a.Token!, a.TargetHealth!.Value.ToUFix128())),
            "fundsRequiredForTargetHealthAfterWithdrawing" => new AmountResult(pool.FundsRequiredForTargetHealthAfterWithdrawing(pid, a.DepositToken!,
                a.TargetHealth!.Value.ToUFix128(), a.WithdrawToken!, a.Amount!.Value)),
            "fundsAvailableAboveTargetHealthAfterDepositing" => new AmountResult(pool.FundsAvailableAboveTargetHealthAfterDepositing(pid, a.WithdrawToken!,
                a.TargetHealth!.Value.ToUFix128(), a.DepositToken!, a.Amount!.Value)),
            "healthAfterDeposit" => new HealthResult(pool.HealthAfterDeposit(pid, a.Token!, a.Amount!.Value)),
            "healthAfterWithdrawal" => new HealthResult(pool.HealthAfterWithdrawal(pid, a.Token!, a.Amount!.Value)),
            "rebalancerRuns" => RebalancerRuns(w.Rebalancers.Latest(pid)),
            _ => throw new ProtocolException($"query '{q.What}' is not supported by this runner"),
        };
    }

    private static RebalancerRunsResult RebalancerRuns(Protocol.Rebalancing.Rebalancer r) => new(r.Runs, r.FixedReschedules, r.FailedSchedules);

    private static PoolResult Pool(Pool pool)
    {
        var tokens = new List<TokenView>();
        foreach (var symbol in pool.SupportedTokens)
        {
            var ts = pool.TokenStateOf(symbol);
            tokens.Add(new TokenView(symbol, ts.CollateralFactor, ts.BorrowFactor, ts.TotalCreditBalance, ts.TotalDebitBalance,
                ts.CreditInterestIndex, ts.DebitInterestIndex, ts.CurrentCreditRate, ts.CurrentDebitRate, ts.DepositCapacity,
                ts.DepositCapacityCap, ts.DepositRate, ts.DepositLimitFraction, ts.MinimumBalance, ts.InsuranceRate, ts.StabilityFeeRate,
                pool.Reserve(symbol), pool.StabilityFunds.TryGetValue(symbol, out var f) ? f : default));
        }
        return new PoolResult(pool.Now, pool.IsPaused, tokens, pool.Reserves.ToList(), pool.InsuranceFund, pool.StabilityFunds.ToList(),
            pool.MoetMinted, pool.UpdateQueue.ToList(), pool.PositionCount);
    }
}
