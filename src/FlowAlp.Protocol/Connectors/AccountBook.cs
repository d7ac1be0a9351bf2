using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>
/// External wallets (accounts outside the pool) by name and token. Changes join the current transaction,
/// so a reverted operation also restores the wallets it touched.
/// </summary>
public sealed class AccountBook(TransactionContext tx)
{
    private readonly Dictionary<string, Dictionary<string, UFix64>> _accounts = new();

    public IEnumerable<string> Accounts => _accounts.Keys;
    public bool Exists(string account) => _accounts.ContainsKey(account);

    public UFix64 Balance(string account, string token) =>
        _accounts.TryGetValue(account, out var a) && a.TryGetValue(token, out var v) ? v : UFix64.Zero;

    public IReadOnlyDictionary<string, UFix64> Balances(string account) =>
        _accounts.TryGetValue(account, out var a) ? a : new Dictionary<string, UFix64>();

    private Dictionary<string, UFix64> Touch(string account)
    {
        if (!_accounts.TryGetValue(account, out var a))
        {
            a = _accounts[account] = new Dictionary<string, UFix64>();
            tx.OnRollback(RemoveOnRollback(account));
        }
        return a;
    }

    // Each change registers its own undo (the entry's old value), not a copy of the whole wallet per transaction. A
    // rollback removes the entries the transaction added newest first, so a wallet's order stays as before as well.
    private void SetEntry(Dictionary<string, UFix64> a, string token, UFix64 value)
    {
        if (tx.InTransaction)
        {
            bool had = a.TryGetValue(token, out var before);
            tx.OnRollback(RestoreOnRollback(a, token, had, before));
        }
        a[token] = value;
    }

    // the undo closures are built in their own methods, so a call that registers nothing allocates nothing
    private Action RemoveOnRollback(string account) => () => _accounts.Remove(account);

    private static Action RestoreOnRollback(Dictionary<string, UFix64> a, string token, bool had, UFix64 before) =>
        () => { if (had) a[token] = before; else a.Remove(token); };

    public void Open(string account) => Touch(account);

    public void Credit(string account, string token, UFix64 amount)
    {
        var a = Touch(account);
        SetEntry(a, token, (a.TryGetValue(token, out var v) ? v : UFix64.Zero) + amount);
    }

    public void Debit(string account, string token, UFix64 amount)
    {
        if (DebitRefusal(account, token, amount) is { } reason) throw new ProtocolException(reason);
        var a = Touch(account);
        SetEntry(a, token, Balance(account, token) - amount);
    }

    /// <summary>Why <see cref="Debit"/> would refuse (its exception's message), or null: a caller can decline without an exception.</summary>
    public string? DebitRefusal(string account, string token, UFix64 amount)
    {
        UFix64 have = Balance(account, token);
        return amount > have ? $"account {account} holds {have} {token}, less than {amount}" : null;
    }
}
