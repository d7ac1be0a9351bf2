using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

/// <summary>What a deposit did: the part the deposit limit let in now, and the part queued for later.</summary>
public readonly record struct DepositResult(UFix64 Accepted, UFix64 Queued);

public sealed partial class Pool
{
    /// <summary>createPosition (§5.1): opens a position with <paramref name="funds"/>, optionally auto-borrowing to target.</summary>
    public long CreatePosition(Vault funds, ISink? drawDownSink, ISource? topUpSource, bool pushToDrawDownSink) => _tx.Run(() =>
    {
        if (_g.Paused) throw new ProtocolException("Withdrawal, deposits, and liquidations are paused by governance");
        if (!_tokens.TryGetValue(funds.Token, out var ts))
            throw new ProtocolException($"Invalid token type {funds.Token} - not supported by this Pool");
        if (funds.Amount.IsZero) throw new ProtocolException("Cannot create a position without deposit");
        if (funds.Amount < ts.MinimumBalance)
            throw new ProtocolException($"Insufficient funds to create position. Minimum deposit of {funds.Token} is {ts.MinimumBalance}");
        if (drawDownSink != null && drawDownSink.TokenType != DefaultToken)
            throw new ProtocolException("Invalid Sink provided - Sink must accept MOET");

        long pid = _positions.Count;
        var position = new InternalPosition(pid, _tx);
        _positions.Add(position);
        _tx.OnRollback(() => _positions.RemoveAt(_positions.Count - 1));
        Lock(pid);
        Emit(new Opened(pid));
        position.SetDrawDownSink(drawDownSink);
        if (topUpSource != null) position.SetTopUpSource(topUpSource);
        DepositEffects(pid, funds);
        if (pushToDrawDownSink) RebalanceNoLock(pid, force: true);
        Unlock(pid);
        return pid;
    });

    /// <summary>depositToPosition / depositAndPush (§4.5, §5.2). Anyone may deposit into any position.</summary>
    public DepositResult Deposit(long pid, Vault funds, bool pushToDrawDownSink = false) => _tx.Run(() =>
    {
        RequireNotPaused();
        PositionOf(pid);
        if (!IsTokenSupported(funds.Token)) throw new ProtocolException($"Invalid token type {funds.Token} - not supported by this Pool");
        Lock(pid);
        var result = DepositEffects(pid, funds);
        if (pushToDrawDownSink) RebalanceNoLock(pid, force: true);
        Unlock(pid);
        return result;
    });

    /// <summary>_depositEffectsOnly: limit/queue, record, consume capacity, reserve, queue check, event.</summary>
    private DepositResult DepositEffects(long pid, Vault from)
    {
        RequireNotPaused();
        if (from.Amount.IsZero) return new DepositResult(UFix64.Zero, UFix64.Zero);
        var position = PositionOf(pid);
        var ts = UpdatedTokenState(from.Token);
        UFix64 limit = ts.DepositLimit(pid);
        UFix64 accepted = from.Amount, queued = UFix64.Zero;
        if (from.Amount > limit)
        {
            queued = from.Amount - limit;
            accepted = limit;
            position.AddToQueue(from.Token, queued);
        }
        position.EnsureBalance(from.Token);
        if (!HasReserve(from.Token)) G.Reserves[from.Token] = UFix64.Zero;
        var balance = position.Balances[from.Token];
        balance.RecordDeposit(accepted.ToUFix128(), ts);
        position.SetBalance(from.Token, balance);
        ts.ConsumeDepositCapacity(accepted, pid);
        AddToReserve(from.Token, accepted);
        QueueIfNecessary(pid);
        Emit(new Deposited(pid, from.Token, accepted));
        return new DepositResult(accepted, queued);
    }

    /// <summary>withdraw / withdrawAndPull (§4.4, §5.4): borrowing is withdrawing beyond the credit.</summary>
    public UFix64 Withdraw(long pid, string token, UFix64 amount, bool pullFromTopUpSource = false) => _tx.Run(() =>
    {
        if (IsPausedOrWarmup) throw new ProtocolException("Withdrawals are paused by governance");
        var position = PositionOf(pid);
        if (!IsTokenSupported(token)) throw new ProtocolException($"Invalid token type {token} - not supported by this Pool");
        Lock(pid);
        if (amount.IsZero) { Unlock(pid); return UFix64.Zero; }
        var ts = UpdatedTokenState(token);
        var snapshot = BuildTokenSnapshot(token);
        if (pullFromTopUpSource && position.TopUpSource is { } source)
        {
            string purported = source.TokenType;
            UFix64 need = FundsRequiredForTargetHealthAfterWithdrawingNoTx(pid, purported, position.TargetHealth, token, amount);
            var pulled = source.WithdrawAvailable(need);
            if (pulled.Token != purported) throw new ProtocolException("topUpSource returned unexpected token type");
            DepositEffects(pid, pulled);
        }
        position.EnsureBalance(token);
        var balance = position.Balances[token];
        balance.RecordWithdrawal(amount.ToUFix128(), ts);
        position.SetBalance(token, balance);

        UFix128 remaining = snapshot.TrueBalance(position.Balances[token]).Quantity;
        if (!remaining.IsZero && remaining < ts.MinimumBalance.ToUFix128())
            throw new ProtocolException($"Withdrawal would leave position below minimum balance requirement of {ts.MinimumBalance}. Remaining balance would be {remaining}.");
        if (PositionHealthNoTx(pid) < position.MinHealth)
            throw new ProtocolException($"Cannot withdraw {amount} of {token} from position ID {pid} - Insufficient funds for withdrawal");
        QueueIfNecessary(pid);
        TakeFromReserve(token, amount);
        Emit(new Withdrawn(pid, token, amount));
        Unlock(pid);
        return amount;
    });

    /// <summary>setDrawDownSink / setTopUpSource (provideSink / provideSource): take the position lock.</summary>
    public void SetDrawDownSink(long pid, ISink? sink) => _tx.Run(() =>
    {
        var position = PositionOf(pid);
        if (sink != null && sink.TokenType != DefaultToken) throw new ProtocolException("Invalid Sink provided - Sink must accept MOET");
        Lock(pid);
        position.SetDrawDownSink(sink);
        Unlock(pid);
    });

    public void SetTopUpSource(long pid, ISource? source) => _tx.Run(() =>
    {
        var position = PositionOf(pid);
        Lock(pid);
        position.SetTopUpSource(source);
        Unlock(pid);
    });

    /// <summary>The user wrapper's setters: min and max re-check the update queue, target does not (§1.4).</summary>
    public void SetMinHealth(long pid, UFix128 value) => _tx.Run(() => { PositionOf(pid).SetMinHealth(value); QueueIfNecessary(pid); });
    public void SetTargetHealth(long pid, UFix128 value) => _tx.Run(() => PositionOf(pid).SetTargetHealth(value));
    public void SetMaxHealth(long pid, UFix128 value) => _tx.Run(() => { PositionOf(pid).SetMaxHealth(value); QueueIfNecessary(pid); });
}
