namespace FlowAlp.Engine.Connectors;

/// <summary>
/// What a position's topUpSource or drawDownSink is, as the engine builds it (spec §4: DeFiActions connectors). The
/// supervisor turns a spec into the protocol's ISource / ISink, so every flow runs inside the pool's atomic
/// transaction. Tokens default to the pool's default token (MOET), which is what rebalancing moves.
/// </summary>
public abstract record ConnectorSpec
{
    public abstract string Describe();
}

/// <summary>A wallet (FungibleTokenConnectors.VaultSource / VaultSink) of the named account.</summary>
public sealed record WalletConnector(string Account) : ConnectorSpec
{
    public override string Describe() => $"wallet:{Account}";
}

/// <summary>
/// Another position (FlowALPPositionResources.PositionSource / PositionSink): as a source it withdraws (borrows) up to
/// the other position's available balance; as a sink it deposits into it. <paramref name="Chained"/>: the source may
/// in turn pull from the other position's own topUpSource, the sink pushes on to the other position's drawDownSink.
/// </summary>
public sealed record PositionConnector(long Position, bool Chained = false) : ConnectorSpec
{
    public override string Describe() => $"position:{Position}";
}

/// <summary>A yield vault registered with <c>AddYieldVault</c> (FYV-style strategy): deposits buy its yield token, withdrawals sell it.</summary>
public sealed record YieldVaultConnector(string Vault) : ConnectorSpec
{
    public override string Describe() => $"yieldVault:{Vault}";
}

/// <summary>A DEX liquidity position registered with <c>AddDexLiquidity</c>: deposits become liquidity, withdrawals exit it.</summary>
public sealed record DexLiquidityConnector(string Name) : ConnectorSpec
{
    public override string Describe() => $"dexLiquidity:{Name}";
}

/// <summary>Fault injection: a source that never gives anything, or a sink that refuses every deposit.</summary>
public sealed record DeadConnector : ConnectorSpec
{
    public override string Describe() => "dead";
}
