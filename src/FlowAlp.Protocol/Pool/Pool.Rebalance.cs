using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

public sealed partial class Pool
{
    /// <summary>rebalancePosition (§4.2): top up from the topUpSource below target, push to the drawDownSink above it.</summary>
    public void Rebalance(long pid, bool force)
    {
        if (TryRebalance(pid, force) is { } refused) throw new ProtocolException(refused);
    }

    /// <summary>
    /// <see cref="Rebalance"/>, with its most common revert (a top-up that leaves the position below health 1) returned
    /// as the reason, the transaction rolled back, instead of thrown; every other revert still throws.
    /// </summary>
    public string? TryRebalance(long pid, bool force) => _tx.TryRun(() =>
    {
        RequireNotPaused();
        Lock(pid);
        if (TryRebalanceNoLock(pid, force) is { } refused) return refused;
        Unlock(pid);
        return null;
    });

    private void RebalanceNoLock(long pid, bool force)
    {
        if (TryRebalanceNoLock(pid, force) is { } refused) throw new ProtocolException(refused);
    }

    /// <summary>The rebalance, or the reason it must revert (the caller reverts the transaction).</summary>
    private string? TryRebalanceNoLock(long pid, bool force)
    {
        RequireNotPaused();
        var position = PositionOf(pid);
        var sheet = UpdatedBalanceSheet(position);
        UFix128 health = sheet.Health;
        if (!force && position.MinHealth <= health && health <= position.MaxHealth) return null;

        if (health < position.TargetHealth)
        {
            if (position.TopUpSource is not { } source) return null;
            string topUpType = source.TokenType;
            UFix64 ideal = RequiredDepositNoTx(position, topUpType, sheet, position.TargetHealth);
            var pulled = source.WithdrawAvailable(ideal);
            if (pulled.Token != topUpType) throw new ProtocolException("topUpSource returned unexpected token type");
            Emit(new Rebalanced(pid, health, pulled.Amount, FromUnder: true));
            DepositEffects(pid, pulled);
            if (UpdatedBalanceSheet(position).Health < UFix128.One)
                return "topUpSource insufficient to save position from liquidation";
        }
        else if (health > position.TargetHealth)
        {
            if (IsPausedOrWarmup) return null;
            if (position.DrawDownSink is not { } sink) return null;
            string sinkType = sink.TokenType;
            UFix64 ideal = AvailableWithdrawalNoTx(position, sinkType, sheet, position.TargetHealth);
            UFix64 capacity = sink.MinimumCapacity();
            UFix64 amount = ideal > capacity ? capacity : ideal;
            if (amount.IsZero || sinkType != DefaultToken) return null;

            var ts = UpdatedTokenState(DefaultToken);
            position.EnsureBalance(DefaultToken);
            var balance = position.Balances[DefaultToken];
            balance.RecordWithdrawal(amount.ToUFix128(), ts);
            position.SetBalance(DefaultToken, balance);
            AddMoetMinted(amount); // draw-down mints MOET; it never comes from reserves
            Emit(new Rebalanced(pid, health, amount, FromUnder: false));
            UFix64 taken = sink.DepositCapacity(new Vault(DefaultToken, amount));
            if (taken > amount) throw new ProtocolException("drawDownSink took more than it was offered");
            UFix64 left = amount - taken;
            if (!left.IsZero) DepositEffects(pid, new Vault(DefaultToken, left));
        }
        return null;
    }

    /// <summary>computeRequiredDepositForHealth against a given sheet.</summary>
    private UFix64 RequiredDepositNoTx(InternalPosition position, string depositType, BalanceSheet sheet, UFix128 target)
    {
        var snap = BuildTokenSnapshot(depositType);
        return HealthMath.RequiredDepositForHealth(BalanceOf(position, depositType), depositType, snap, sheet, target);
    }

    /// <summary>computeAvailableWithdrawal against a given sheet.</summary>
    private UFix64 AvailableWithdrawalNoTx(InternalPosition position, string withdrawType, BalanceSheet sheet, UFix128 target)
    {
        var snap = BuildTokenSnapshot(withdrawType);
        return HealthMath.AvailableWithdrawal(BalanceOf(position, withdrawType), withdrawType, snap, sheet, target);
    }

    /// <summary>asyncUpdate (§4.6): process up to positionsProcessedPerCallback queued positions; returns how many.</summary>
    public int AsyncUpdate() => _tx.Run(() =>
    {
        RequireNotPaused();
        int processed = 0;
        while (_queue.Count > 0 && processed < _g.PositionsProcessedPerCallback)
        {
            long pid = Dequeue();
            AsyncUpdatePosition(pid);
            QueueIfNecessary(pid);
            processed++;
        }
        return processed;
    });

    /// <summary>asyncUpdatePosition: feed queued deposits through the deposit limit, then a non-forced rebalance.</summary>
    public void AsyncUpdatePosition(long pid) => _tx.Run(() =>
    {
        RequireNotPaused();
        Lock(pid);
        var position = PositionOf(pid);
        foreach (var token in position.QueuedDeposits.Keys.ToList())
        {
            UFix64 queued = position.RemoveQueued(token);
            var ts = UpdatedTokenState(token);
            UFix64 max = ts.DepositLimit(pid);
            if (max >= queued)
            {
                DepositEffects(pid, new Vault(token, queued));
            }
            else
            {
                DepositEffects(pid, new Vault(token, max));
                position.AddToQueue(token, queued - max);
            }
        }
        RebalanceNoLock(pid, force: false);
        Unlock(pid);
    });
}
