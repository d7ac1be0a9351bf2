using System.Runtime.InteropServices;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>
/// External wallets (accounts outside the pool) by name and token. Changes join the current transaction,
/// so a reverted operation also restores the wallets it touched.
/// </summary>
public sealed class AccountBook(TransactionContext tx) : IUndoTarget
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
            tx.OnRollback(this, RemoveAccount, key: account);
        }
        return a;
    }

    // Each change registers its own undo (the entry's old value), not a copy of the whole wallet per transaction. A
    // rollback removes the entries the transaction added newest first, so a wallet's order stays as before as well.
    private void SetEntry(Dictionary<string, UFix64> a, string token, UFix64 value)
    {
        // one lookup: the entry's slot (added at the end when new, as the indexer adds it), its old value read from it
        ref UFix64 slot = ref CollectionsMarshal.GetValueRefOrAddDefault(a, token, out bool had);
        tx.OnRollback(this, had ? RestoreEntry : RemoveEntry, a, token, value: slot.Raw);
        slot = value;
    }

    // the undo steps this book carries out itself (no closure per change)
    private const int RemoveAccount = 0, RestoreEntry = 1, RemoveEntry = 2;

    void IUndoTarget.Undo(in UndoStep step)
    {
        switch (step.Kind)
        {
            case RemoveAccount: _accounts.Remove(step.Key!); break;
            case RestoreEntry: ((Dictionary<string, UFix64>)step.Ref!)[step.Key!] = UFix64.FromRaw((ulong)step.Value); break;
            default: ((Dictionary<string, UFix64>)step.Ref!).Remove(step.Key!); break;
        }
    }

    public void Open(string account) => Touch(account);

    public void Credit(string account, string token, UFix64 amount)
    {
        var a = Touch(account);
        SetEntry(a, token, (a.TryGetValue(token, out var v) ? v : UFix64.Zero) + amount);
    }

    public void Debit(string account, string token, UFix64 amount)
    {
        if (Refuses(account, token, amount, out var have)) throw new ProtocolException(DebitRefusal(account, token, amount)!);
        var a = Touch(account);
        SetEntry(a, token, have - amount); // the balance Refuses read: nothing changed it since
    }

    /// <summary>Why <see cref="Debit"/> would refuse (its exception's message), or null: a caller can decline without an exception.</summary>
    public string? DebitRefusal(string account, string token, UFix64 amount)
    {
        if (!Refuses(account, token, amount, out var have)) return null;
        var text = new char[DebitRefusalLength(account, token)];
        WriteDebitRefusal(text, account, have, token, amount, out int written);
        return new string(text, 0, written);
    }

    /// <summary>Whether <see cref="Debit"/> would refuse, and the balance its reason names.</summary>
    public bool Refuses(string account, string token, UFix64 amount, out UFix64 have)
    {
        have = Balance(account, token);
        return amount > have;
    }

    /// <summary>The most characters <see cref="WriteDebitRefusal"/> writes: the names, two amounts of at most 21 and the words.</summary>
    public static int DebitRefusalLength(string account, string token) => account.Length + token.Length + 80;

    /// <summary>
    /// <see cref="DebitRefusal"/>'s reason written into <paramref name="destination"/> (at least
    /// <see cref="DebitRefusalLength"/> long) without making a string: the event log writes the refusals of a spent
    /// liquidator's offers, hundreds of thousands in a study, straight from here.
    /// </summary>
    public static void WriteDebitRefusal(Span<char> destination, string account, UFix64 have, string token, UFix64 amount, out int written)
    {
        if (!destination.TryWrite($"account {account} holds {have} {token}, less than {amount}", out written))
            throw new ArgumentException($"destination: {destination.Length} characters, fewer than the reason needs", nameof(destination));
    }
}
