using System.Numerics;
using FlowAlp.Protocol.Numerics;
using Xunit.Abstractions;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>
/// Properties of the pool over random operation sequences (2 opening positions + 10–40 random ops each): creates,
/// deposits (some queued by the deposit limit), withdrawals and borrows (some pulling from a topUpSource), forced and
/// unforced rebalances, async updates, liquidations, connector changes, pauses, fee collection, price moves (including
/// a missing price) and time advancing so interest accrues.
/// </summary>
public class PoolSequencePropertyTests(ITestOutputHelper output)
{
    private const int Samples = 150;

    /// <summary>Tally of what the sequences did, so each test can show (and assert) that it exercised both outcomes.</summary>
    private sealed class Tally
    {
        public int Protocol, Ok, Failed;
        public readonly Dictionary<string, int> Reasons = new();
        public readonly Dictionary<string, int> OkByOp = new();

        public void Add(Op op, Outcome o)
        {
            if (!op.IsProtocol) return;
            Protocol++;
            string name = op.GetType().Name;
            if (o.Ok) { Ok++; OkByOp[name] = OkByOp.GetValueOrDefault(name) + 1; }
            if (!o.Failed) return;
            Failed++;
            string key = Classify(o.Reason!);
            Reasons[key] = Reasons.GetValueOrDefault(key) + 1;
        }

        private static string Classify(string reason)
        {
            string r = System.Text.RegularExpressions.Regex.Replace(reason, @"\d[\d.]*", "#");
            return r.Length > 90 ? r[..90] : r;
        }

        public void Print(ITestOutputHelper output, string title)
        {
            output.WriteLine($"{title}: {Protocol} protocol ops, {Ok} succeeded, {Failed} reverted");
            output.WriteLine("succeeded by op: " + string.Join(", ", OkByOp.OrderByDescending(k => k.Value).Select(k => $"{k.Key}={k.Value}")));
            foreach (var (reason, n) in Reasons.OrderByDescending(k => k.Value)) output.WriteLine($"  {n,5}  {reason}");
        }
    }

    /// <summary>
    /// Runs every sample sequence, calling <paramref name="check"/> around each op with the world, the op, its outcome and
    /// the observation taken before it (when <paramref name="observe"/> is set).
    /// </summary>
    private Tally RunAll(ulong seed, bool observe, Action<PropWorld, Op, Outcome, string?> check)
    {
        var tally = new Tally();
        PropCheck.ForAll(OpGens.Sequence, Samples, seed, ops =>
        {
            var w = new PropWorld();
            for (int i = 0; i < ops.Length; i++)
            {
                string? before = observe && ops[i].IsProtocol ? w.Observe() : null;
                var outcome = OpRunner.Run(w, ops[i]);
                tally.Add(ops[i], outcome);
                try { check(w, ops[i], outcome, before); }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"at op [{i}] {ops[i]} (outcome ok={outcome.Ok} reason={outcome.Reason} crash={outcome.Crash?.GetType().Name}): {e.Message}", e);
                }
            }
        });
        return tally;
    }

    /// <summary>
    /// 1. Conservation, exactly (raw UFix64 units, BigInteger sums): for every token, after every op (successful or not),
    ///    wallets + reserve + stability fund + insurance fund (MOET) + deposits queued in positions
    ///    + (swapped into the DEX − paid out by the DEX) − MOET minted by draw-downs
    ///    == initial wallets + test mints. Borrowing takes from reserves, repaying and liquidation repayments go to
    ///    reserves (nothing burned), and the draw-down is the only protocol mint (spec §4.2, §8), so this is the ledger.
    /// </summary>
    [Fact]
    public void Every_token_is_conserved_exactly_across_every_op()
    {
        int swapped = 0, stability = 0, queued = 0, minted = 0;
        var tally = RunAll(seed: 1_000, observe: false, (w, op, outcome, _) =>
        {
            Assert.Null(outcome.Crash);
            if (outcome.Ok && op is Op.CollectInsurance && w.Dex.In(((Op.CollectInsurance)op).Token) > 0) swapped++;
            if (outcome.Ok && op is Op.CollectStability c && w.Pool.StabilityFunds.GetValueOrDefault(c.Token) > UFix64.Zero) stability++;
            if (outcome.Ok && op is Op.Deposit or Op.Create && Enumerable.Range(0, w.Pool.PositionCount).Any(p => w.Pool.PositionOf(p).QueuedDeposits.Count > 0)) queued++;
            if (outcome.Ok && op is Op.Rebalance or Op.AsyncUpdate or Op.Create && w.Pool.MoetMinted > UFix64.Zero) minted++;
            foreach (var t in PropWorld.Tokens)
            {
                BigInteger held = w.Held(t), external = w.External(t);
                Assert.True(held == external, $"{t}: held − minted = {held} raw, but external supply is {external} raw (diff {held - external})");
            }
        });
        tally.Print(output, "conservation");
        output.WriteLine($"ops after which: insurance swapped {swapped}, stability fund non-empty {stability}, deposits queued {queued}, MOET minted {minted}");
        Assert.True(swapped > 0 && stability > 0 && queued > 0 && minted > 0, "a ledger term was never exercised");
        Assert.True(tally.Ok > tally.Protocol / 3, "too few successful ops to exercise conservation");
        Assert.True(tally.OkByOp.GetValueOrDefault(nameof(Op.Liquidate)) >= 10, "too few liquidations succeeded");
        Assert.True(tally.OkByOp.GetValueOrDefault(nameof(Op.Withdraw)) > 50, "too few withdrawals succeeded");
    }

    /// <summary>
    /// 2. Atomicity: whenever an op reverts with a ProtocolException, the complete observable state — pool globals,
    ///    reserves and funds, the update queue, event log length, every token state (totals, indices, rates, capacity,
    ///    per-position usage), every position (scaled balances, queued deposits, bounds, connectors, health) and every
    ///    wallet — is exactly what it was before the op.
    /// </summary>
    [Fact]
    public void A_reverted_op_leaves_the_complete_state_unchanged()
    {
        int compared = 0;
        var tally = RunAll(seed: 2_000, observe: true, (w, op, outcome, before) =>
        {
            Assert.Null(outcome.Crash);
            if (!outcome.Failed || before is null) return;
            compared++;
            string after = w.Observe();
            Assert.True(before == after, $"state changed by reverted op ({outcome.Reason}):\n{PropWorld.FirstDifference(before, after)}");
        });
        tally.Print(output, "atomicity");
        output.WriteLine($"{compared} reverted ops compared");
        Assert.Equal(tally.Failed, compared);
        Assert.True(tally.Failed >= tally.Protocol / 5, $"only {tally.Failed} of {tally.Protocol} ops reverted");
        // The generator must hit the interesting revert paths, not just invalid input.
        foreach (var expected in new[] { "Insufficient funds for withdrawal", "Cannot liquidate healthy position", "paused by governance", "Invalid position ID", "Oracle has no price" })
            Assert.True(tally.Reasons.Keys.Any(k => k.Contains(expected, StringComparison.Ordinal)) ||
                        tally.Reasons.Keys.Any(k => expected.Contains(k, StringComparison.Ordinal)),
                $"no revert like '{expected}' was generated");
    }

    /// <summary>
    /// 2b. Read-only queries (health, what-if helpers, available balance with and without the topUpSource, position
    ///     details and snapshots, liquidatable list) never change the observable state, though they accrue interest
    ///     and regenerate capacity while computing; and they revert only with a ProtocolException.
    /// </summary>
    [Fact]
    public void Queries_leave_the_complete_state_unchanged()
    {
        int queries = 0;
        var amounts = new[] { UFix64.FromRaw(1), UFix64.One, UFix64.FromInteger(250), UFix64.FromInteger(40_000) };
        var tally = RunAll(seed: 2_500, observe: false, (w, op, outcome, _) =>
        {
            Assert.Null(outcome.Crash);
            if (!op.IsProtocol) return;                                      // after every protocol op
            var pool = w.Pool;
            string before = w.Observe();
            var probes = new List<Action> { () => pool.LiquidatablePositions() };
            for (int pid = 0; pid <= pool.PositionCount; pid++)          // including one invalid id
            {
                long id = pid;
                probes.Add(() => pool.PositionHealth(id));
                probes.Add(() => pool.IsLiquidatable(id));
                probes.Add(() => pool.GetPositionDetails(id));
                probes.Add(() => pool.SnapshotOf(id).PlanRebalance(force: true));
                foreach (var t in PropWorld.Tokens)
                {
                    var amount = amounts[(int)((id + t.Length + queries) % amounts.Length)];
                    probes.Add(() => pool.AvailableBalance(id, t, false));
                    probes.Add(() => pool.AvailableBalance(id, t, true));
                    probes.Add(() => pool.FundsRequiredForTargetHealth(id, t, UFix128.Parse("1.4")));
                    probes.Add(() => pool.FundsAvailableAboveTargetHealth(id, t, UFix128.Parse("1.2")));
                    probes.Add(() => pool.HealthAfterDeposit(id, t, amount));
                    probes.Add(() => pool.HealthAfterWithdrawal(id, t, amount));
                    probes.Add(() => pool.FundsRequiredForTargetHealthAfterWithdrawing(id, PropWorld.Moet, UFix128.Parse("1.3"), t, amount));
                    probes.Add(() => pool.FundsAvailableAboveTargetHealthAfterDepositing(id, PropWorld.Moet, UFix128.Parse("1.3"), t, amount));
                }
            }
            foreach (var probe in probes)
            {
                try { probe(); } catch (ProtocolException) { }
                queries++;
            }
            string after = w.Observe();
            Assert.True(before == after, $"a query changed state:\n{PropWorld.FirstDifference(before, after)}");
        });
        output.WriteLine($"{queries} queries over {tally.Protocol} protocol ops");
        Assert.True(queries > 10_000);
    }

    /// <summary>
    /// 4. No negative or underflowed balance: UFix64/UFix128 cannot go negative, so an underflow can only show up as an
    ///    exception. Asserts that no op ever lets anything but a ProtocolException escape (FixedPointException is one),
    ///    that every revert has a reason and never leaves a position locked (probed after every op), and that after
    ///    every op all state stays valid: every position can be read back (details, health) or reverts only for a
    ///    missing price, balances are normalised (zero is Credit), the update queue holds distinct live ids, and every
    ///    wallet, reserve, fund and total is far below the type's range (no wrapped subtraction).
    /// </summary>
    [Fact]
    public void No_op_underflows_and_only_protocol_reverts_escape()
    {
        int fixedPoint = 0, reentrant = 0;
        var limit64 = UFix64.FromInteger(1_000_000_000);                  // 10^9 tokens ≪ UFix64.Max (≈1.8×10^11)
        var limit128 = UFix128.FromInteger(1_000_000_000_000_000);
        var tally = RunAll(seed: 4_000, observe: false, (w, op, outcome, _) =>
        {
            Assert.True(outcome.Crash is null, $"non-protocol exception escaped: {outcome.Crash}");
            if (outcome.Failed)
            {
                Assert.False(string.IsNullOrWhiteSpace(outcome.Reason), "revert without a reason");
                if (outcome.Reason!.StartsWith("Reentrancy", StringComparison.Ordinal)) reentrant++;
                if (outcome.Reason!.StartsWith("UFix", StringComparison.Ordinal)) fixedPoint++;
            }
            var pool = w.Pool;
            foreach (var a in w.Book.Accounts)
                foreach (var (t, v) in w.Book.Balances(a)) Assert.True(v < limit64, $"wallet {a} {t} = {v}");
            foreach (var (t, v) in pool.Reserves) Assert.True(v < limit64, $"reserve {t} = {v}");
            foreach (var (t, v) in pool.StabilityFunds) Assert.True(v < limit64, $"stability fund {t} = {v}");
            Assert.True(pool.InsuranceFund < limit64 && pool.MoetMinted < limit64);
            foreach (var t in pool.SupportedTokens)
            {
                var ts = pool.TokenStateOf(t);
                Assert.True(ts.TotalCreditBalance < limit128 && ts.TotalDebitBalance < limit128, $"{t} totals {ts.TotalCreditBalance}/{ts.TotalDebitBalance}");
                Assert.True(ts.CreditInterestIndex >= UFix128.One && ts.DebitInterestIndex >= UFix128.One, $"{t} index below 1");
                Assert.True(ts.DepositCapacity <= ts.DepositCapacityCap, $"{t} capacity {ts.DepositCapacity} above cap {ts.DepositCapacityCap}");
            }
            Assert.Equal(pool.UpdateQueue.Count, pool.UpdateQueue.Distinct().Count());
            Assert.All(pool.UpdateQueue, pid => Assert.InRange(pid, 0, pool.PositionCount - 1));
            for (int pid = 0; pid < pool.PositionCount; pid++)
            {
                var pos = pool.PositionOf(pid);
                foreach (var (t, b) in pos.Balances)
                {
                    Assert.True(b.Scaled.Quantity < limit128, $"position {pid} {t} scaled {b.Scaled.Quantity}");
                    Assert.True(!b.Scaled.Quantity.IsZero || b.Direction == Positions.BalanceDirection.Credit, "zero debit balance");
                }
                foreach (var (t, q) in pos.QueuedDeposits) Assert.True(!q.IsZero && q < limit64, $"position {pid} queued {t} = {q}");
                // No lock is left behind: a locking operation on the position (setting its own source again) is
                // accepted, in a probe that is rolled back.
                var source = pos.TopUpSource;
                try { pool.Query(() => { pool.SetTopUpSource(pid, source); return 0; }); }
                catch (ProtocolException e) { Assert.Fail($"position {pid} left locked: {e.Reason}"); }
                try
                {
                    var details = pool.GetPositionDetails(pid);
                    Assert.All(details.Balances, b => Assert.True(b.Amount < limit64));
                }
                catch (ProtocolException e) { Assert.StartsWith("Oracle has no price", e.Reason); }
            }
        });
        tally.Print(output, "no-underflow");
        output.WriteLine($"{fixedPoint} reverts were fixed-point arithmetic failures, {reentrant} re-entered a locked position (position connectors)");
        Assert.True(tally.Failed > 0 && tally.Ok > 0);
    }
}
