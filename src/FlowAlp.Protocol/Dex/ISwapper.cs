using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Dex;

/// <summary>DeFiActions.Swapper for one ordered pair.</summary>
public interface ISwapper
{
    string InToken { get; }
    string OutToken { get; }
    /// <summary>How much input is needed for <paramref name="desiredOut"/>.</summary>
    SwapQuote QuoteIn(UFix64 desiredOut);
    /// <summary>How much output <paramref name="providedIn"/> buys.</summary>
    SwapQuote QuoteOut(UFix64 providedIn);
    Vault Swap(SwapQuote quote, Vault input);
}

/// <summary>DeFiActions.SwapperProvider: a swapper per ordered pair, or null when the DEX has none.</summary>
public interface ISwapperProvider
{
    ISwapper? GetSwapper(string inToken, string outToken);
}
