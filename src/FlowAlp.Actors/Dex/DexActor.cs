using Akka.Actor;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Actors.Dex;

public sealed record QuoteIn(string InToken, string OutToken, UFix64 DesiredOut);
public sealed record QuoteOut(string InToken, string OutToken, UFix64 AmountIn);
/// <summary>A quote's answer: the input and output amounts, or the reason there is none.</summary>
public sealed record DexQuote(string InToken, string OutToken, UFix64 AmountIn, UFix64 AmountOut, string? Error = null);
public sealed record SwapExact(string InToken, string OutToken, Vault Input);
public sealed record Swapped(Vault Output, string? Error = null);
/// <summary>Arbitrage the pools to the oracle prices, then a copy of them, for a synchronous view (the supervisor checks liquidation offers against it).</summary>
public sealed record GetDexSnapshot(IReadOnlyDictionary<string, UFix64?> OraclePrices, string Quote);
public sealed record DexSnapshot(ConstantProductAmm Amm);
/// <summary>Chaos: a fault changes the pools (drained, …), in order with the quotes and swaps.</summary>
public sealed record ChangeDex(FlowAlp.Engine.Chaos.DexFault Fault);

/// <summary>
/// The DEX: constant-product pools with finite liquidity and slippage. Liquidators quote and swap here; the
/// supervisor reads a snapshot at a step's liquidation phase, so every offer of the step is checked against the same
/// prices whatever order the swaps arrive in.
/// </summary>
public sealed class DexActor : ReceiveActor
{
    public DexActor(ConstantProductAmm amm)
    {
        Receive<QuoteIn>(m => Sender.Tell(Try(m.InToken, m.OutToken, () => (amm.QuoteIn(m.InToken, m.OutToken, m.DesiredOut), m.DesiredOut))));
        Receive<QuoteOut>(m => Sender.Tell(Try(m.InToken, m.OutToken, () => (m.AmountIn, amm.QuoteOut(m.InToken, m.OutToken, m.AmountIn)))));
        Receive<SwapExact>(m =>
        {
            try { Sender.Tell(new Swapped(amm.Swap(m.InToken, m.OutToken, m.Input.Amount))); }
            catch (ProtocolException e) { Sender.Tell(new Swapped(m.Input, e.Reason)); }
        });
        Receive<GetDexSnapshot>(m =>
        {
            amm.ArbitrageTo(m.OraclePrices, m.Quote);
            Sender.Tell(new DexSnapshot(amm.Copy()));
        });
        Receive<ChangeDex>(m => m.Fault.Change(amm));
    }

    private static DexQuote Try(string i, string o, Func<(UFix64, UFix64)> f)
    {
        try { var (a, b) = f(); return new DexQuote(i, o, a, b); }
        catch (ProtocolException e) { return new DexQuote(i, o, UFix64.Zero, UFix64.Zero, e.Reason); }
    }

    public static Props Props(ConstantProductAmm amm) => Akka.Actor.Props.Create(() => new DexActor(amm));
}
