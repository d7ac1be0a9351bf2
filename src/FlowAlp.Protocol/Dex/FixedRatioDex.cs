using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Dex;

/// <summary>
/// MockDexSwapper: each ordered pair trades at a settable ratio (output per input) with unlimited liquidity.
/// quoteIn(desired) = desired ÷ ratio; quoteOut(provided) = provided × ratio (UFix64 truncation).
/// </summary>
public sealed class FixedRatioDex : ISwapperProvider
{
    private readonly Dictionary<(string, string), UFix64> _ratios = new();

    public void SetRatio(string inToken, string outToken, UFix64 ratio) => _ratios[(inToken, outToken)] = ratio;
    public UFix64? Ratio(string inToken, string outToken) => _ratios.TryGetValue((inToken, outToken), out var r) ? r : null;

    public ISwapper? GetSwapper(string inToken, string outToken) =>
        _ratios.ContainsKey((inToken, outToken)) ? new Swapper(this, inToken, outToken) : null;

    private sealed class Swapper(FixedRatioDex dex, string inToken, string outToken) : ISwapper
    {
        public string InToken => inToken;
        public string OutToken => outToken;
        private UFix64 Ratio => dex._ratios[(inToken, outToken)];
        public SwapQuote QuoteIn(UFix64 desiredOut) => new(inToken, outToken, desiredOut / Ratio, desiredOut);
        public SwapQuote QuoteOut(UFix64 providedIn) => new(inToken, outToken, providedIn, providedIn * Ratio);
        public Vault Swap(SwapQuote quote, Vault input)
        {
            if (input.Token != inToken) throw new ProtocolException($"Swapper expects {inToken}, got {input.Token}");
            return new Vault(outToken, input.Amount * Ratio);
        }
    }
}
