using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>FungibleTokenConnectors.VaultSink: takes up to (max − balance) into a wallet (no maximum by default).</summary>
public sealed class WalletSink(AccountBook book, string account, string token, UFix64? max = null) : ISink
{
    public string Account => account;
    public string TokenType => token;

    public UFix64 MinimumCapacity() => max is { } m ? UFix64.SaturatingSub(m, book.Balance(account, token)) : UFix64.Max;

    public UFix64 DepositCapacity(Vault offered)
    {
        if (offered.Token != token) return UFix64.Zero;
        UFix64 take = UFix64.Min(offered.Amount, MinimumCapacity());
        if (!take.IsZero) book.Credit(account, token, take);
        return take;
    }
}
