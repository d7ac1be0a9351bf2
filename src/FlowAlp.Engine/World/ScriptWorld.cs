using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;
using FlowAlp.Engine.Operations;

namespace FlowAlp.Engine.World;

/// <summary>Everything a script drives: one transaction context shared by the pool and the wallets, a settable oracle, a fixed-ratio DEX.</summary>
public sealed class ScriptWorld
{
    public TransactionContext Tx { get; } = new();
    public SettableOracle Oracle { get; }
    public FixedRatioDex Dex { get; } = new();
    public AccountBook Accounts { get; }
    public Pool Pool { get; }
    public ScriptRebalancers Rebalancers { get; }

    public ScriptWorld(Script script)
    {
        Oracle = new SettableOracle(script.Pool.DefaultToken);
        Accounts = new AccountBook(Tx);
        Pool = new Pool(Tx, Oracle, Dex, script.Pool);
        Rebalancers = new ScriptRebalancers(this);
        for (int i = 0; i < script.Tokens.Count; i++) AddToken(script.Tokens[i], i);
        foreach (var (token, price) in script.Prices) Oracle.Set(token, price);
        foreach (var ((a, b), ratio) in script.DexPrices) Dex.SetRatio(a, b, ratio);
        foreach (var (name, wallet) in script.Accounts)
        {
            Accounts.Open(name);
            foreach (var (token, amount) in wallet) Accounts.Credit(name, token, amount);
        }
    }

    /// <summary>
    /// addSupportedToken needs a positive deposit rate and cap; the governance setters accept zero. A script that
    /// declares zero gets the token added, then the setters applied at the start time: the same state.
    /// </summary>
    private void AddToken(TokenSettings t, int index)
    {
        try
        {
            var one = UFix64.One;
            Pool.AddSupportedToken(t with { DepositRate = t.DepositRate.IsZero ? one : t.DepositRate, DepositCapacityCap = t.DepositCapacityCap.IsZero ? one : t.DepositCapacityCap });
            if (t.DepositRate.IsZero) Pool.SetDepositRate(t.Symbol, UFix64.Zero);
            if (t.DepositCapacityCap.IsZero) Pool.SetDepositCapacityCap(t.Symbol, UFix64.Zero);
        }
        catch (ProtocolException e) { throw new ScriptFormatException($"tokens[{index}]", e.Reason); }
    }

    // one connector per account, not per position: they hold no state of their own (the book does), and at 10M
    // positions opened on a few treasuries a connector each is 0.8 GB
    private readonly Dictionary<string, WalletSink> _sinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WalletSource> _sources = new(StringComparer.Ordinal);

    public ISink? SinkFor(string? account) =>
        account is null ? null : _sinks.TryGetValue(account, out var s) ? s : _sinks[account] = new WalletSink(Accounts, account, Pool.DefaultToken);
    public ISource? SourceFor(string? account) =>
        account is null ? null : _sources.TryGetValue(account, out var s) ? s : _sources[account] = new WalletSource(Accounts, account, Pool.DefaultToken);
}
