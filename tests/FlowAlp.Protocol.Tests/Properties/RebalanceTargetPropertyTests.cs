using CsCheck;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using Xunit.Abstractions;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>
/// 3. A forced rebalance lands on the target health: from below with an adequate topUpSource, from above with a
/// drawDownSink of unlimited capacity — at or just above the target, never meaningfully beyond it.
///
/// Tolerances, from the arithmetic: the solver works in UFix128 (24 decimals) and rounds the amount it moves to UFix64
/// (8 decimals) — up for a top-up, down for a draw-down (spec §2.5, §2.6) — so the health after the move exceeds the
/// target by at most what one 10^-8 unit of the moved token is worth. That is asserted two ways:
///   * minimality: had the position moved two units (2×10^-8) less — equivalently, withdrawing 2×10^-8 of that token
///     now — its health would be below target (one unit for the rounding, one for the truncations of the
///     index/scaled-balance round trip);
///   * relative: health ≤ target × (1 + 10^-6). One unit of the moved token is worth ≥ 10^-6 of the position's
///     effective collateral or debt only for positions below ~0.01 MOET of value; the generated positions hold ≥ 100
///     FLOW at a price ≥ 0.2, so this bound has several orders of magnitude of slack.
/// From below: the 24-decimal truncations (a deposit is stored as amount ÷ index and read back as scaled × index, both
/// truncated) can leave the health a few 10^-24 short, so the lower bound is target − 10^-18.
/// </summary>
public class RebalanceTargetPropertyTests(ITestOutputHelper output)
{
    private const int Samples = 150;
    private static readonly UFix128 BelowSlack = UFix128.FromRaw(1_000_000);          // 10^-18
    private static readonly UFix64 TwoUnits = UFix64.FromRaw(2);                      // 2 × 10^-8
    private const double RelativeTolerance = 1e-6;

    internal sealed record Scenario(UFix64 Flow, UFix64 Usdc, double BorrowUsdc, string Target, ulong Seconds,
        double FlowFactor, double UsdcFactor, string TopUpToken);

    private static Gen<double> Uniform(double lo, double hi) => Gen.Int[0, 1_000_000].Select(i => lo + (hi - lo) * i / 1_000_000.0);

    private static Gen<Scenario> Scenarios(Gen<double> flowFactor) => Gen.Select(
        Gen.ULong[10_000_000_000, 5_000_000_000_000].Select(UFix64.FromRaw),                       // 100 .. 50000 FLOW
        Gen.Frequency((1, Gen.Const(UFix64.Zero)), (1, Gen.ULong[10_000_000_000, 2_000_000_000_000].Select(UFix64.FromRaw))),
        Gen.Frequency((1, Gen.Const(0.0)), (1, Uniform(0.05, 0.9))),
        Gen.OneOf("1.15", "1.2", "1.3", "1.5", "1.75", "2.0", "2.5", "3.0"),
        Gen.Frequency((1, Gen.Const(0UL)), (2, Gen.ULong[1, 86_400 * 120])),
        flowFactor,
        Gen.Frequency((3, Gen.Const(1.0)), (1, Uniform(0.8, 1.25))),
        Gen.OneOf(PropWorld.Moet, PropWorld.Flow, PropWorld.Usdc),
        (f, u, b, t, s, ff, uf, tok) => new Scenario(f, u, b, t, s, ff, uf, tok));

    /// <summary>Builds the scenario; returns the world and the subject position's id.</summary>
    private static (PropWorld World, long Pid) Build(Scenario s)
    {
        var w = new PropWorld(roomyDeposits: true);
        var pool = w.Pool;
        var plenty = UFix64.FromInteger(1_000_000_000);
        foreach (var t in PropWorld.Tokens) w.Mint("liq", t, plenty);

        // A liquidity provider so every token has reserves to borrow.
        w.Tx.Run(() =>
        {
            var amount = UFix64.FromInteger(500_000);
            w.Book.Debit("liq", PropWorld.Usdc, amount);
            long lp = pool.CreatePosition(new Vault(PropWorld.Usdc, amount), null, null, false);
            foreach (var t in new[] { PropWorld.Flow, PropWorld.Moet })
            {
                w.Book.Debit("liq", t, amount);
                pool.Deposit(lp, new Vault(t, amount));
            }
        });

        w.Mint("u0", PropWorld.Flow, s.Flow);
        w.Mint("u0", PropWorld.Usdc, s.Usdc);
        long pid = w.Tx.Run(() =>
        {
            w.Book.Debit("u0", PropWorld.Flow, s.Flow);
            long id = pool.CreatePosition(new Vault(PropWorld.Flow, s.Flow), new WalletSink(w.Book, "u0", PropWorld.Moet), null, true);
            if (!s.Usdc.IsZero)
            {
                w.Book.Debit("u0", PropWorld.Usdc, s.Usdc);
                pool.Deposit(id, new Vault(PropWorld.Usdc, s.Usdc));
            }
            var target = UFix128.Parse(s.Target);
            pool.SetMaxHealth(id, target + UFix128.One);
            pool.SetMinHealth(id, UFix128.Parse("1.05"));
            pool.SetTargetHealth(id, target);
            return id;
        });
        if (s.BorrowUsdc > 0)
        {
            var available = pool.AvailableBalance(pid, PropWorld.Usdc, false);
            var borrow = UFix64.FromRaw((ulong)(available.Raw * s.BorrowUsdc));
            if (borrow > UFix64.FromInteger(2))
                w.Tx.Run(() => w.Book.Credit("u0", PropWorld.Usdc, pool.Withdraw(pid, PropWorld.Usdc, borrow)));
        }

        pool.AdvanceTo(pool.Now + UFix64.FromInteger(s.Seconds));
        w.Oracle.Set(PropWorld.Flow, UFix64.FromDouble(Math.Round(s.FlowFactor, 8)));
        w.Oracle.Set(PropWorld.Usdc, UFix64.FromDouble(Math.Round(s.UsdcFactor, 8)));
        w.SyncDex(0.0);
        return (w, pid);
    }

    private static double Relative(UFix128 health, UFix128 target) => (health.ToDouble() - target.ToDouble()) / target.ToDouble();

    [Fact]
    public void Forced_rebalance_tops_up_an_undercollateralised_position_to_just_at_target()
    {
        int checkedCases = 0, belowOne = 0, notUnder = 0, shortBy24 = 0, oneUnitEnough = 0;
        double worst = 0;
        PropCheck.ForAll(Scenarios(Uniform(0.2, 0.97)), Samples, seed: 3_000, s =>
        {
            var (w, pid) = Build(s);
            var pool = w.Pool;
            var target = pool.PositionOf(pid).TargetHealth;
            var pre = pool.PositionHealth(pid);
            if (pre >= target) { notUnder++; return; }
            if (pre < UFix128.One) belowOne++;

            pool.SetTopUpSource(pid, new WalletSource(w.Book, "liq", s.TopUpToken));
            var walletBefore = w.Book.Balance("liq", s.TopUpToken);
            var reserveBefore = pool.Reserve(s.TopUpToken);
            pool.Rebalance(pid, force: true);                 // an adequate source: must not revert
            var pulled = walletBefore - w.Book.Balance("liq", s.TopUpToken);

            var post = pool.PositionHealth(pid);
            Assert.True(pulled > UFix64.Zero, "nothing was pulled");
            Assert.Equal(reserveBefore + pulled, pool.Reserve(s.TopUpToken));       // all of it deposited, none queued
            Assert.Empty(pool.PositionOf(pid).QueuedDeposits);
            Assert.True(post + BelowSlack >= target, $"health {post} below target {target} after pulling {pulled} {s.TopUpToken} (pre {pre})");
            Assert.True(pool.HealthAfterWithdrawal(pid, s.TopUpToken, TwoUnits) < target,
                $"pulled more than needed: health {post} stays ≥ target {target} even 2e-8 {s.TopUpToken} lower (pulled {pulled})");
            if (post < target) shortBy24++;
            if (pool.HealthAfterWithdrawal(pid, s.TopUpToken, UFix64.Epsilon) < target) oneUnitEnough++;
            double rel = Relative(post, target);
            Assert.True(rel <= RelativeTolerance, $"health {post} is {rel:E2} above target {target}");
            worst = Math.Max(worst, rel);
            checkedCases++;
        });
        output.WriteLine($"{checkedCases} top-ups checked ({belowOne} started below 1.0), {notUnder} scenarios were not under target; worst relative overshoot {worst:E2}");
        output.WriteLine($"{shortBy24} landed a hair (< 1e-18) below target; in {oneUnitEnough} one unit (1e-8) less would already miss the target");
        Assert.True(checkedCases >= Samples * 3 / 4, $"only {checkedCases} under-collateralised scenarios");
        Assert.True(belowOne > 0, "no scenario started liquidatable");
    }

    [Fact]
    public void Forced_rebalance_draws_an_overcollateralised_position_down_to_just_at_target()
    {
        int checkedCases = 0, notOver = 0, shortBy24 = 0, oneUnitEnough = 0;
        double worst = 0;
        PropCheck.ForAll(Scenarios(Uniform(1.03, 4.0)), Samples, seed: 5_000, s =>
        {
            var (w, pid) = Build(s);
            var pool = w.Pool;
            var target = pool.PositionOf(pid).TargetHealth;
            var pre = pool.PositionHealth(pid);
            if (pre <= target) { notOver++; return; }

            var walletBefore = w.Book.Balance("u0", PropWorld.Moet);
            var mintedBefore = pool.MoetMinted;
            pool.Rebalance(pid, force: true);
            var pushed = w.Book.Balance("u0", PropWorld.Moet) - walletBefore;

            var post = pool.PositionHealth(pid);
            Assert.True(pushed > UFix64.Zero, "nothing was drawn down");
            Assert.Equal(mintedBefore + pushed, pool.MoetMinted);                      // minted, all taken by the sink
            Assert.True(post <= pre, $"health rose from {pre} to {post}");
            Assert.True(post + BelowSlack >= target, $"health {post} below target {target} after drawing {pushed} MOET (pre {pre})");
            Assert.True(pool.HealthAfterWithdrawal(pid, PropWorld.Moet, TwoUnits) < target,
                $"drew less than available: 2e-8 more MOET would still keep health ≥ target {target} (health {post}, drew {pushed})");
            if (post < target) shortBy24++;
            if (pool.HealthAfterWithdrawal(pid, PropWorld.Moet, UFix64.Epsilon) < target) oneUnitEnough++;
            double rel = Relative(post, target);
            Assert.True(rel <= RelativeTolerance, $"health {post} is {rel:E2} above target {target}");
            worst = Math.Max(worst, rel);
            checkedCases++;
        });
        output.WriteLine($"{checkedCases} draw-downs checked, {notOver} scenarios were not over target; worst relative overshoot {worst:E2}");
        output.WriteLine($"{shortBy24} landed a hair (< 1e-18) below target; in {oneUnitEnough} one unit (1e-8) more would already miss the target");
        Assert.True(checkedCases >= Samples * 3 / 4, $"only {checkedCases} over-collateralised scenarios");
    }
}
