using FlowAlp.Actors.Oracles;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Running;

/// <summary>The price path of each token: its own process, or its share of the correlated GBM when the scenario correlates it.</summary>
public static class PricePaths
{
    public static IPricePath For(Scenario s, string token, PriceSpec spec)
    {
        if (s.Correlation is { } c && c.Tokens.Contains(token))
        {
            var assets = c.Tokens.Select(t => (GbmPrice)s.Prices[t]).Zip(c.Tokens, (g, t) => new CorrelatedAsset(t, g.Start, g.Drift, g.Volatility)).ToList();
            var gbm = new CorrelatedGbm(assets, c.Matrix, s.StepSeconds, SeedStreams.Derive(s.Seed, "price:correlated:" + string.Join(",", c.Tokens)));
            return gbm.PathFor(token);
        }
        return spec.Build(token, s.Seed, s.StepSeconds);
    }
}
