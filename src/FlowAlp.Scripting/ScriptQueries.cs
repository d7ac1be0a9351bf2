using System.Text.Json.Nodes;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Scripting;

/// <summary>The read-only `query` op: shapes of protocol-script.md, values exact.</summary>
internal static class ScriptQueries
{
    public static JsonObject Run(ScriptWorld w, QueryStep q)
    {
        var pool = w.Pool;
        var a = q.Args;
        long pid = a.Position ?? 0;
        return q.What switch
        {
            "health" => new JsonObject { ["health"] = pool.PositionHealth(pid).ToString() },
            "isLiquidatable" => new JsonObject { ["isLiquidatable"] = pool.IsLiquidatable(pid) },
            "position" => Position(pool.GetPositionDetails(pid)),
            "account" => Account(w, a.Account!),
            "pool" => Pool(pool),
            "availableBalance" => Amount(pool.AvailableBalance(pid, a.Token!, a.Pull)),
            "fundsRequiredForTargetHealth" => Amount(pool.FundsRequiredForTargetHealth(pid, a.Token!, a.TargetHealth!.Value.ToUFix128())),
            "fundsAvailableAboveTargetHealth" => Amount(pool.FundsAvailableAboveTargetHealth(pid, a.Token!, a.TargetHealth!.Value.ToUFix128())),
            "fundsRequiredForTargetHealthAfterWithdrawing" => Amount(pool.FundsRequiredForTargetHealthAfterWithdrawing(pid, a.DepositToken!,
                a.TargetHealth!.Value.ToUFix128(), a.WithdrawToken!, a.Amount!.Value)),
            "fundsAvailableAboveTargetHealthAfterDepositing" => Amount(pool.FundsAvailableAboveTargetHealthAfterDepositing(pid, a.WithdrawToken!,
                a.TargetHealth!.Value.ToUFix128(), a.DepositToken!, a.Amount!.Value)),
            "healthAfterDeposit" => new JsonObject { ["health"] = pool.HealthAfterDeposit(pid, a.Token!, a.Amount!.Value).ToString() },
            "healthAfterWithdrawal" => new JsonObject { ["health"] = pool.HealthAfterWithdrawal(pid, a.Token!, a.Amount!.Value).ToString() },
            "rebalancerRuns" => RebalancerRuns(w.Rebalancers.Latest(pid)),
            _ => throw new ProtocolException($"query '{q.What}' is not supported by this runner"),
        };
    }

    private static JsonObject RebalancerRuns(Protocol.Rebalancing.Rebalancer r) =>
        new() { ["runs"] = r.Runs, ["fixedReschedules"] = r.FixedReschedules, ["failedSchedules"] = r.FailedSchedules };

    private static JsonObject Amount(Protocol.Numerics.UFix64 v) => new() { ["amount"] = v.ToString() };

    private static JsonObject Position(PositionDetails d)
    {
        var balances = new JsonObject();
        foreach (var b in d.Balances)
            balances[b.Token] = new JsonObject { ["direction"] = b.Direction == BalanceDirection.Credit ? "credit" : "debit", ["amount"] = b.Amount.ToString() };
        var queued = new JsonObject();
        foreach (var (t, v) in d.QueuedDeposits) if (!v.IsZero) queued[t] = v.ToString();
        return new JsonObject
        {
            ["id"] = d.Id, ["health"] = d.Health.ToString(), ["balances"] = balances, ["availableBalance"] = d.DefaultTokenAvailable.ToString(),
            ["queuedDeposits"] = queued, ["minHealth"] = d.MinHealth.ToString(), ["targetHealth"] = d.TargetHealth.ToString(), ["maxHealth"] = d.MaxHealth.ToString(),
        };
    }

    private static JsonObject Account(ScriptWorld w, string account)
    {
        var balances = new JsonObject();
        foreach (var (t, v) in w.Accounts.Balances(account)) balances[t] = v.ToString();
        return new JsonObject { ["account"] = account, ["balances"] = balances };
    }

    private static JsonObject Pool(Pool pool)
    {
        var tokens = new JsonObject();
        foreach (var symbol in pool.SupportedTokens)
        {
            var ts = pool.TokenStateOf(symbol);
            tokens[symbol] = new JsonObject
            {
                ["collateralFactor"] = ts.CollateralFactor.ToString(), ["borrowFactor"] = ts.BorrowFactor.ToString(),
                ["totalCreditBalance"] = ts.TotalCreditBalance.ToString(), ["totalDebitBalance"] = ts.TotalDebitBalance.ToString(),
                ["creditInterestIndex"] = ts.CreditInterestIndex.ToString(), ["debitInterestIndex"] = ts.DebitInterestIndex.ToString(),
                ["currentCreditRate"] = ts.CurrentCreditRate.ToString(), ["currentDebitRate"] = ts.CurrentDebitRate.ToString(),
                ["depositCapacity"] = ts.DepositCapacity.ToString(), ["depositCapacityCap"] = ts.DepositCapacityCap.ToString(),
                ["depositRate"] = ts.DepositRate.ToString(), ["depositLimitFraction"] = ts.DepositLimitFraction.ToString(),
                ["minimumBalance"] = ts.MinimumBalance.ToString(), ["insuranceRate"] = ts.InsuranceRate.ToString(),
                ["stabilityFeeRate"] = ts.StabilityFeeRate.ToString(), ["reserve"] = pool.Reserve(symbol).ToString(),
                ["stabilityFund"] = (pool.StabilityFunds.TryGetValue(symbol, out var f) ? f : default).ToString(),
            };
        }
        var reserves = new JsonObject();
        foreach (var (t, v) in pool.Reserves) reserves[t] = v.ToString();
        var funds = new JsonObject();
        foreach (var (t, v) in pool.StabilityFunds) funds[t] = v.ToString();
        var queue = new JsonArray();
        foreach (var pid in pool.UpdateQueue) queue.Add(pid);
        return new JsonObject
        {
            ["time"] = pool.Now.ToString(), ["paused"] = pool.IsPaused, ["tokens"] = tokens, ["reserves"] = reserves,
            ["insuranceFund"] = pool.InsuranceFund.ToString(), ["stabilityFunds"] = funds, ["moetMinted"] = pool.MoetMinted.ToString(),
            ["queue"] = queue, ["positions"] = pool.PositionCount,
        };
    }
}
