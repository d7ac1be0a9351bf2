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
            return a;
        }
        if (tx.FirstTouch(a)) tx.OnRollback(RestoreOnRollback(a));
        return a;
    }

    // the undo closures are built in their own methods, so a touch that registers nothing allocates nothing
    private Action RemoveOnRollback(string account) => () => _accounts.Remove(account);

    private static Action RestoreOnRollback(Dictionary<string, UFix64> a)
    {
        var saved = new Dictionary<string, UFix64>(a);
        return () => { a.Clear(); foreach (var kv in saved) a[kv.Key] = kv.Value; };
    }

    public void Open(string account) => Touch(account);

    public void Credit(string account, string token, UFix64 amount)
    {
        var a = Touch(account);
        a[token] = (a.TryGetValue(token, out var v) ? v : UFix64.Zero) + amount;
    }

    public void Debit(string account, string token, UFix64 amount)
    {
        if (DebitRefusal(account, token, amount) is { } reason) throw new ProtocolException(reason);
        Touch(account)[token] = Balance(account, token) - amount;
    }

    /// <summary>Why <see cref="Debit"/> would refuse (its exception's message), or null: a caller can decline without an exception.</summary>
    public string? DebitRefusal(string account, string token, UFix64 amount)
    {
        UFix64 have = Balance(account, token);
        return amount > have ? $"account {account} holds {have} {token}, less than {amount}" : null;
    }
}
