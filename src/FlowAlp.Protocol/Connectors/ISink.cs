using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>DeFiActions Sink (a position's drawDownSink): takes what it can of an offered vault.</summary>
public interface ISink
{
    string TokenType { get; }
    UFix64 MinimumCapacity();
    /// <summary>Deposits up to its capacity from <paramref name="offered"/>; returns the amount taken.</summary>
    UFix64 DepositCapacity(Vault offered);
}
