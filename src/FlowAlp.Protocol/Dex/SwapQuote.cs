using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Dex;

/// <summary>A DEX quote: <see cref="InAmount"/> of the input token buys <see cref="OutAmount"/> of the output token.</summary>
public readonly record struct SwapQuote(string InToken, string OutToken, UFix64 InAmount, UFix64 OutAmount);
