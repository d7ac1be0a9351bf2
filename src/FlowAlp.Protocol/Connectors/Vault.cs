using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>A quantity of one token in transit (a Cadence vault): what a source returns or a sink is offered.</summary>
public readonly record struct Vault(string Token, UFix64 Amount)
{
    public static Vault Empty(string token) => new(token, UFix64.Zero);
}
