namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Bounds the money a scenario creates, so that the pool's UFix64 totals (supply, reserves, the conservation sums)
/// cannot overflow at run time: all of it together, valued in MOET at the start prices, and the quantity of each token,
/// at most <see cref="ScenarioLimits.MaxTotalMoney"/>. The error names the largest part.
/// </summary>
internal static class ScenarioMoney
{
    public static void Check(IReadOnlyList<PopulationSpec> populations, IReadOnlyList<LiquidatorSpec> liquidators, RebalancerSettings rebalancers,
        DexSpec dex, StrategySpec? strategies, IReadOnlyDictionary<string, PriceSpec> prices, string defaultToken)
    {
        double Price(string token) => token == defaultToken || !prices.TryGetValue(token, out var p) ? 1 : p.Start;
        var value = new List<(string Path, double Moet)>();
        var quantity = new Dictionary<string, List<(string Path, double Amount)>>();
        void Add(string path, string token, double amount)
        {
            value.Add((path, amount * Price(token)));
            if (token == defaultToken) return;
            if (!quantity.TryGetValue(token, out var list)) quantity[token] = list = new();
            list.Add((path, amount));
        }
        for (int i = 0; i < populations.Count; i++)
        {
            var p = populations[i];
            string at = $"populations[{i}]";
            if (p.IsLp)
            {
                foreach (var (t, amount) in p.LpDeposit) Add($"{at}.deposit.{t}", t, p.Count * amount.ToDouble());
                continue;
            }
            double weights = p.CollateralMix.Values.Sum();
            foreach (var (t, w) in p.CollateralMix) Add($"{at}.size", t, p.Count * p.Size.Max * (w / weights) / Price(t));
            Add($"{at}.walletMoet", defaultToken, p.Count * p.WalletMoet.Max);
        }
        for (int i = 0; i < liquidators.Count; i++) Add($"liquidators[{i}].capital", defaultToken, liquidators[i].Count * liquidators[i].Capital.ToDouble());
        Add("rebalancers.adminFunds", defaultToken, rebalancers.AdminFunds.ToDouble());
        foreach (var (t, depth) in dex.Depth)
        {
            Add($"dex.depth.{t}", defaultToken, depth.ToDouble());
            Add($"dex.depth.{t}", t, depth.ToDouble() / Price(t));
        }
        if (strategies is not null) Add("yieldVaults.depth", strategies.YieldToken, strategies.Depth.ToDouble());
        if (strategies?.Keepers is { } k)
        {
            Add($"yieldVaults.keepers.inventory.{defaultToken}", defaultToken, k.InventoryBase.ToDouble());
            Add($"yieldVaults.keepers.inventory.{strategies.YieldToken}", strategies.YieldToken, k.InventoryYield.ToDouble());
        }
        // concentrated ranges hold at most their depth on either side (counted on both, like the pairs above)
        foreach (var (t, pair) in dex.Concentrated ?? new Dictionary<string, ConcentratedPairSpec>())
            for (int i = 0; i < pair.Ranges.Count; i++)
            {
                Add($"dex.concentrated.{t}.ranges[{i}].depth", defaultToken, pair.Ranges[i].Depth.ToDouble());
                Add($"dex.concentrated.{t}.ranges[{i}].depth", t, pair.Ranges[i].Depth.ToDouble() / Price(t));
            }
        if (strategies?.Concentrated is { } yc)
            for (int i = 0; i < yc.Ranges.Count; i++)
            {
                Add($"yieldVaults.concentrated.ranges[{i}].depth", defaultToken, yc.Ranges[i].Depth.ToDouble());
                Add($"yieldVaults.concentrated.ranges[{i}].depth", strategies.YieldToken, yc.Ranges[i].Depth.ToDouble());
            }

        double total = value.Sum(v => v.Moet);
        if (total > ScenarioLimits.MaxTotalMoney)
            throw new ScenarioException(value.MaxBy(v => v.Moet).Path,
                $"the scenario's money adds up to {total:N0} MOET at start prices, more than the limit of {ScenarioLimits.MaxTotalMoney:N0}");
        foreach (var (token, parts) in quantity)
        {
            double sum = parts.Sum(q => q.Amount);
            if (sum > ScenarioLimits.MaxTotalMoney)
                throw new ScenarioException(parts.MaxBy(q => q.Amount).Path,
                    $"the scenario holds {sum:N0} {token} in all, more than the limit of {ScenarioLimits.MaxTotalMoney:N0} (a low start price makes large quantities)");
        }
    }
}
