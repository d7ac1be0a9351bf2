using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>FungibleTokenConnectors.VaultSource: gives up to (balance − floor) of one token from a wallet.</summary>
public sealed class WalletSource(AccountBook book, string account, string token, UFix64? floor = null) : ISource
{
    public string Account => account;
    public string TokenType => token;

    public UFix64 MinimumAvailable() => UFix64.SaturatingSub(book.Balance(account, token), floor ?? UFix64.Zero);

    public Vault WithdrawAvailable(UFix64 maxAmount)
    {
        UFix64 amount = UFix64.Min(MinimumAvailable(), maxAmount);
        if (!amount.IsZero) book.Debit(account, token, amount);
        return new Vault(token, amount);
    }
}
