using CsCheck;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>A connector a position may be given (built against the world when the op runs).</summary>
internal abstract record Conn
{
    public sealed record None : Conn { public override string ToString() => "none"; }
    public sealed record Wallet(string User, string Token, UFix64? Limit) : Conn;          // WalletSource floor / WalletSink max
    public sealed record Capped(string User, string Token, UFix64 Cap) : Conn;             // CappedSource(WalletSource)
    public sealed record Empty(string Token) : Conn;                                      // EmptySource
    public sealed record Rejecting(string Token, UFix64? Claimed) : Conn;                 // RejectingSink
    /// <summary>PositionSource / PositionSink on the position <see cref="Pos"/> names (possibly the same one: re-entry reverts on its lock).</summary>
    public sealed record OfPosition(int Pos, string Token, bool Chain) : Conn;

    public ISource? Source(PropWorld w) => this switch
    {
        Wallet x => new WalletSource(w.Book, x.User, x.Token, x.Limit),
        Capped x => new CappedSource(new WalletSource(w.Book, x.User, x.Token), x.Cap),
        Empty x => new EmptySource(x.Token),
        OfPosition x => new PositionSource(w.Pool, OpRunner.Pid(w, x.Pos), x.Token, x.Chain),
        _ => null,
    };

    public ISink? Sink(PropWorld w) => this switch
    {
        Wallet x => new WalletSink(w.Book, x.User, x.Token, x.Limit),
        Rejecting x => new RejectingSink(x.Token, x.Claimed),
        OfPosition x => new PositionSink(w.Pool, OpRunner.Pid(w, x.Pos), x.Token, x.Chain),
        _ => null,
    };
}

/// <summary>One step of a generated sequence. Positions are named by an index mapped onto the live ids (one past the end = invalid).</summary>
internal abstract record Op
{
    // outside the protocol (the world moves between transactions)
    public sealed record SetPrice(string Token, double Factor, double DexDeviation, bool Remove) : Op;
    public sealed record Advance(ulong Seconds) : Op;
    public sealed record Mint(string User, string Token, UFix64 Amount) : Op;
    // protocol transactions
    public sealed record Create(string User, string Token, UFix64 Amount, Conn Sink, Conn Source, bool Push) : Op;
    public sealed record Deposit(string User, int Pos, string Token, UFix64 Amount, bool Push) : Op;
    /// <summary>Amount is <see cref="Fraction"/> × availableBalance when set, else <see cref="Amount"/>.</summary>
    public sealed record Withdraw(string User, int Pos, string Token, double? Fraction, UFix64 Amount, bool Pull) : Op;
    public sealed record Rebalance(int Pos, bool Force) : Op;
    public sealed record AsyncUpdate : Op;
    /// <summary>
    /// Odd <see cref="Pos"/>: aim at an unhealthy position if any (then its own debt / collateral tokens replace
    /// <see cref="Debt"/> / <see cref="Seize"/>); else at the position <see cref="Pos"/> names (mostly healthy: a revert).
    /// Repay = RepayFraction × debt; seize = repay × pd/pc × SeizeFactor (too much / worse than DEX → reverts).
    /// </summary>
    public sealed record Liquidate(int Pos, string Debt, string Seize, double RepayFraction, double SeizeFactor) : Op;
    public sealed record SetSource(int Pos, Conn Source) : Op;
    public sealed record SetSink(int Pos, Conn Sink) : Op;
    public sealed record SetBounds(int Pos, string Min, string Target, string Max) : Op;
    public sealed record Pause : Op;
    public sealed record Unpause : Op;
    public sealed record CollectInsurance(string Token) : Op;
    public sealed record CollectStability(string Token) : Op;
    public sealed record WithdrawStability(string Token, UFix64 Amount) : Op;
    public sealed record SetInsuranceRate(string Token, UFix64 Rate) : Op;
    public sealed record SetDepositCap(string Token, UFix64 Cap) : Op;

    public bool IsProtocol => this is not (SetPrice or Advance or Mint);
}

/// <summary>What running one op did.</summary>
internal readonly record struct Outcome(bool Ok, string? Reason, Exception? Crash)
{
    public static readonly Outcome Success = new(true, null, null);
    public bool Failed => !Ok && Crash is null;
}

/// <summary>Runs ops against a <see cref="PropWorld"/>: each protocol op is one transaction (wallet moves included).</summary>
internal static class OpRunner
{
    /// <summary>Index 11 names the next (not yet existing) id, an invalid one; others map onto the live ids.</summary>
    public static long Pid(PropWorld w, int index)
    {
        int n = w.Pool.PositionCount;
        return index == 11 || n == 0 ? n : index % n;
    }

    public static Outcome Run(PropWorld w, Op op)
    {
        try
        {
            Execute(w, op);
            return Outcome.Success;
        }
        catch (ProtocolException e) { return new Outcome(false, e.Reason, null); }
        catch (Exception e) { return new Outcome(false, null, e); }
    }

    private static void Execute(PropWorld w, Op op)
    {
        // (a Liquidate aimed at an unhealthy position swaps in that position's own debt and collateral tokens)
        var pool = w.Pool;
        switch (op)
        {
            case Op.SetPrice s:
                if (s.Remove) w.Oracle.Set(s.Token, null);
                else
                {
                    var old = w.Oracle.Price(s.Token, pool.Now) ?? UFix64.One;
                    double next = Math.Clamp(old.ToDouble() * s.Factor, 0.05, 20.0);
                    w.Oracle.Set(s.Token, UFix64.FromDouble(Math.Round(next, 8)));
                }
                w.SyncDex(s.DexDeviation);
                return;
            case Op.Advance s:
                pool.AdvanceTo(pool.Now + UFix64.FromInteger(s.Seconds));
                return;
            case Op.Mint s:
                w.Mint(s.User, s.Token, s.Amount);
                return;
        }

        // Amounts derived from state are computed with read-only queries before the transaction.
        UFix64 withdrawAmount = UFix64.Zero, repay = UFix64.Zero, seize = UFix64.Zero;
        if (op is Op.Withdraw wd)
            withdrawAmount = wd.Fraction is { } f ? Fraction(Try(() => pool.AvailableBalance(Pid(w, wd.Pos), wd.Token, wd.Pull)) ?? UFix64.One, f) : wd.Amount;
        long liquidated = 0;
        if (op is Op.Liquidate lq)
        {
            // Aim at an unhealthy position when there is one (odd indices), else at any position (mostly a revert).
            var unhealthy = pool.LiquidatablePositions();
            liquidated = lq.Pos % 2 == 1 && unhealthy.Count > 0 ? unhealthy[lq.Pos / 2 % unhealthy.Count] : Pid(w, lq.Pos);
            if (unhealthy.Contains(liquidated))
            {
                // At an unhealthy position, repay one of its debts and seize one of its collaterals.
                var balances = pool.PositionOf(liquidated).Balances;
                var debts = balances.Where(b => b.Value.Direction == BalanceDirection.Debit).Select(b => b.Key).ToList();
                var colls = balances.Where(b => b.Value.Direction == BalanceDirection.Credit && !b.Value.Scaled.Quantity.IsZero).Select(b => b.Key).ToList();
                if (debts.Count > 0 && colls.Count > 0)
                    op = lq = lq with { Debt = debts[lq.Pos % debts.Count], Seize = colls[lq.Pos / 3 % colls.Count] };
            }
            (repay, seize) = LiquidationOffer(w, liquidated, lq);
        }

        w.Tx.Run(() =>
        {
            switch (op)
            {
                case Op.Create s:
                    w.Book.Debit(s.User, s.Token, s.Amount);
                    pool.CreatePosition(new Vault(s.Token, s.Amount), s.Sink.Sink(w), s.Source.Source(w), s.Push);
                    break;
                case Op.Deposit s:
                    w.Book.Debit(s.User, s.Token, s.Amount);
                    pool.Deposit(Pid(w, s.Pos), new Vault(s.Token, s.Amount), s.Push);
                    break;
                case Op.Withdraw s:
                    w.Book.Credit(s.User, s.Token, pool.Withdraw(Pid(w, s.Pos), s.Token, withdrawAmount, s.Pull));
                    break;
                case Op.Rebalance s:
                    pool.Rebalance(Pid(w, s.Pos), s.Force);
                    break;
                case Op.AsyncUpdate:
                    pool.AsyncUpdate();
                    break;
                case Op.Liquidate s:
                {
                    var seized = pool.ManualLiquidation(liquidated, s.Debt, s.Seize, seize, new Vault(s.Debt, repay));
                    w.Book.Debit("liq", s.Debt, repay);
                    w.Book.Credit("liq", seized.Token, seized.Amount);
                    break;
                }
                case Op.SetSource s:
                    pool.SetTopUpSource(Pid(w, s.Pos), s.Source.Source(w));
                    break;
                case Op.SetSink s:
                    pool.SetDrawDownSink(Pid(w, s.Pos), s.Sink.Sink(w));
                    break;
                case Op.SetBounds s:
                {
                    long pid = Pid(w, s.Pos);
                    // An order that reaches any valid (min < target < max) in one go: widen around the old target first.
                    var (min, target, max) = (UFix128.Parse(s.Min), UFix128.Parse(s.Target), UFix128.Parse(s.Max));
                    var old = pool.PositionOf(pid).TargetHealth;
                    if (max > old) pool.SetMaxHealth(pid, max);
                    if (min < old) pool.SetMinHealth(pid, min);
                    pool.SetTargetHealth(pid, target);
                    if (max <= old) pool.SetMaxHealth(pid, max);
                    if (min >= old) pool.SetMinHealth(pid, min);
                    break;
                }
                case Op.Pause: pool.PausePool(); break;
                case Op.Unpause: pool.UnpausePool(); break;
                case Op.CollectInsurance s: pool.CollectInsurance(s.Token); break;
                case Op.CollectStability s: pool.CollectStability(s.Token); break;
                case Op.WithdrawStability s:
                    pool.WithdrawStabilityFund(s.Token, s.Amount);
                    w.Book.Credit(PropWorld.Treasury, s.Token, s.Amount);
                    break;
                case Op.SetInsuranceRate s: pool.SetInsuranceRate(s.Token, s.Rate); break;
                case Op.SetDepositCap s: pool.SetDepositCapacityCap(s.Token, s.Cap); break;
                default: throw new InvalidOperationException($"unknown op {op}");
            }
        });
    }

    private static UFix64? Try(Func<UFix64> f)
    {
        try { return f(); } catch (ProtocolException) { return null; }
    }

    private static UFix64 Fraction(UFix64 x, double f) => UFix64.FromRaw((ulong)Math.Min(x.Raw * f, 1e17));

    private static (UFix64 Repay, UFix64 Seize) LiquidationOffer(PropWorld w, long pid, Op.Liquidate s)
    {
        try
        {
            var debt = w.TrueBalance(pid, s.Debt);
            UFix64 nd = debt is { Direction: BalanceDirection.Debit } d ? d.Amount : UFix64.One;
            UFix64 repay = Fraction(nd, s.RepayFraction);
            double pd = (w.Oracle.Price(s.Debt, w.Pool.Now) ?? UFix64.One).ToDouble();
            double pc = (w.Oracle.Price(s.Seize, w.Pool.Now) ?? UFix64.One).ToDouble();
            return (repay, UFix64.FromDouble(Math.Round(repay.ToDouble() * pd / pc * s.SeizeFactor, 8)));
        }
        catch (ProtocolException) { return (UFix64.One, UFix64.One); }
    }
}

/// <summary>Generators of op sequences: mostly plausible operations, with a steady share of ones that must revert.</summary>
internal static class OpGens
{
    /// <summary>Evenly spread doubles (CsCheck's Gen.Double ranges favour the edges, e.g. exactly 0 or 1e-79).</summary>
    private static Gen<double> Uniform(double lo, double hi) => Gen.Int[0, 1_000_000].Select(i => lo + (hi - lo) * i / 1_000_000.0);

    private static readonly string[] AllTokens = [PropWorld.Moet, PropWorld.Flow, PropWorld.Usdc];
    private static readonly string[] Users = ["u0", "u1", "u2"];

    private static readonly Gen<string> User = Gen.OneOf(Users);
    private static readonly Gen<string> Token = Gen.Frequency((10, Gen.OneOf(AllTokens)), (1, Gen.Const(PropWorld.Unsupported)));
    private static readonly Gen<string> Collateral = Gen.OneOf(PropWorld.Flow, PropWorld.Usdc, PropWorld.Flow, PropWorld.Moet);
    private static readonly Gen<int> Pos = Gen.Int[0, 11];

    /// <summary>Amounts over eight decades, 8 decimals: dust, ordinary, and more than any wallet holds.</summary>
    public static readonly Gen<UFix64> Amount = Gen.Frequency(
        (2, Gen.ULong[0, 200_000_000].Select(UFix64.FromRaw)),                          // 0 .. 2
        (6, Gen.ULong[100_000_000, 500_000_000_000].Select(UFix64.FromRaw)),            // 1 .. 5000
        (2, Gen.ULong[500_000_000_000, 3_000_000_000_000].Select(UFix64.FromRaw)),      // 5000 .. 30000 (queues / overdraws)
        (1, Gen.Const(UFix64.Zero)));

    private static readonly Gen<Conn> Source = Gen.Frequency(
        (3, Gen.Const<Conn>(new Conn.None())),
        (5, Gen.Select(User, Gen.OneOf(PropWorld.Moet, PropWorld.Moet, PropWorld.Flow, PropWorld.Usdc),
            (u, t) => (Conn)new Conn.Wallet(u, t, null))),
        (1, Gen.Select(User, Amount, (u, a) => (Conn)new Conn.Wallet(u, PropWorld.Moet, a))),
        (2, Gen.Select(User, Gen.ULong[0, 20_000_000_000].Select(UFix64.FromRaw), (u, c) => (Conn)new Conn.Capped(u, PropWorld.Moet, c))),
        (1, Gen.OneOf(PropWorld.Moet, PropWorld.Flow).Select(t => (Conn)new Conn.Empty(t))),
        // chained sources may form cycles: they must revert ("Reentrancy"), never recurse (FOUND_BUGS.md #1, fixed)
        (2, Gen.Select(Pos, Gen.OneOf(PropWorld.Moet, PropWorld.Flow, PropWorld.Usdc), Gen.Bool, (p, t, c) => (Conn)new Conn.OfPosition(p, t, c))));

    private static readonly Gen<Conn> Sink = Gen.Frequency(
        (3, Gen.Const<Conn>(new Conn.None())),
        (5, User.Select(u => (Conn)new Conn.Wallet(u, PropWorld.Moet, null))),
        (1, Gen.Select(User, Amount, (u, m) => (Conn)new Conn.Wallet(u, PropWorld.Moet, m))),
        (1, Gen.Const<Conn>(new Conn.Rejecting(PropWorld.Moet, null))),
        (1, Gen.Const<Conn>(new Conn.Rejecting(PropWorld.Moet, PropWorld.U("1000")))),
        (1, Gen.Const<Conn>(new Conn.Wallet("u0", PropWorld.Flow, null))),                // wrong sink type: reverts
        (2, Gen.Select(Pos, Gen.Bool, (p, c) => (Conn)new Conn.OfPosition(p, PropWorld.Moet, c))));

    private static readonly Gen<ulong> Seconds = Gen.Frequency(
        (3, Gen.ULong[0, 600]),
        (4, Gen.ULong[600, 86_400 * 3]),
        (2, Gen.ULong[86_400 * 3, 86_400 * 60]));

    private static readonly Gen<double> PriceFactor = Gen.Frequency(
        (3, Uniform(0.6, 0.97)), (3, Uniform(1.03, 1.6)), (2, Uniform(0.4, 0.75)));

    private static readonly Gen<double> DexDeviation = Gen.Frequency(
        (4, Uniform(-0.02, 0.02)), (1, Uniform(-0.08, 0.08)));

    /// <summary>A (debt, seize) pair: distinct tokens mostly, sometimes the same (a revert).</summary>
    private static readonly Gen<(string, string)> LiquidationPair = Gen.Frequency(
        (6, Gen.Const((PropWorld.Moet, PropWorld.Flow))),
        (2, Gen.Const((PropWorld.Moet, PropWorld.Usdc))),
        (2, Gen.Const((PropWorld.Usdc, PropWorld.Flow))),
        (1, Gen.Const((PropWorld.Flow, PropWorld.Usdc))),
        (1, Gen.Const((PropWorld.Flow, PropWorld.Flow))));

    private static readonly Gen<string> Bound = Gen.OneOf("1.0", "1.05", "1.1", "1.2", "1.3", "1.4", "1.5", "1.8", "2.5");

    private static Gen<Op> G<T>(Gen<T> g) where T : Op => g.Select(x => (Op)x);

    public static readonly Gen<Op> AnyOp = Gen.Frequency(
        (7, G(Gen.Select(Gen.OneOf(PropWorld.Flow, PropWorld.Flow, PropWorld.Usdc), PriceFactor, DexDeviation, Gen.Int[0, 30],
            (t, f, d, r) => new Op.SetPrice(t, f, d, r == 0)))),
        (5, G(Seconds.Select(s => new Op.Advance(s)))),
        (1, G(Gen.Select(User, Gen.OneOf(AllTokens), Amount, (u, t, a) => new Op.Mint(u, t, a)))),
        (7, G(Gen.Select(User, Gen.Frequency((12, Collateral), (1, Token)), Amount, Sink, Source, Gen.Bool,
            (u, t, a, k, s, p) => new Op.Create(u, t, a, k, s, p)))),
        (7, G(Gen.Select(User, Pos, Token, Amount, Gen.Int[0, 3], (u, p, t, a, push) => new Op.Deposit(u, p, t, a, push == 0)))),
        (10, G(Gen.Select(User, Pos, Token, Gen.Frequency((3, Uniform(0.0, 1.0).Select(x => (double?)x)), (1, Uniform(1.0, 1.5).Select(x => (double?)x)), (2, Gen.Const((double?)null))),
            Amount, Gen.Int[0, 2], (u, p, t, f, a, pull) => new Op.Withdraw(u, p, t, f, a, pull == 0)))),
        (5, G(Gen.Select(Pos, Gen.Bool, (p, f) => new Op.Rebalance(p, f)))),
        (3, Gen.Const<Op>(new Op.AsyncUpdate())),
        (8, G(Gen.Select(Pos, LiquidationPair, Gen.Frequency((4, Uniform(0.0, 0.3)), (1, Uniform(0.3, 1.1))),
            Gen.Frequency((4, Uniform(0.6, 0.96)), (1, Uniform(0.96, 1.1))),
            (p, ds, r, f) => new Op.Liquidate(p, ds.Item1, ds.Item2, r, f)))),
        (2, G(Gen.Select(Pos, Source, (p, s) => new Op.SetSource(p, s)))),
        (2, G(Gen.Select(Pos, Sink, (p, s) => new Op.SetSink(p, s)))),
        (2, G(Gen.Select(Pos, Bound, Bound, Bound, Gen.Int[0, 4], (p, a, b, c, shuffle) =>
        {
            // Mostly an ordered triple (valid unless two are equal or min is 1.0), sometimes as drawn (invalid).
            var sorted = new[] { a, b, c }.OrderBy(decimal.Parse).ToArray();
            return shuffle == 0 ? new Op.SetBounds(p, a, b, c) : new Op.SetBounds(p, sorted[0], sorted[1], sorted[2]);
        }))),
        (1, Gen.Const<Op>(new Op.Pause())),
        (3, Gen.Const<Op>(new Op.Unpause())),
        (3, G(Token.Select(t => new Op.CollectInsurance(t)))),
        (2, G(Token.Select(t => new Op.CollectStability(t)))),
        (2, G(Gen.Select(Token, Gen.ULong[0, 2_000_000].Select(UFix64.FromRaw), (t, a) => new Op.WithdrawStability(t, a)))),
        (1, G(Gen.Select(Token, Gen.OneOf("0", "0.001", "0.05", "0.2", "0.97").Select(UFix64.Parse), (t, r) => new Op.SetInsuranceRate(t, r)))),
        (1, G(Gen.Select(Gen.OneOf(AllTokens), Gen.OneOf("0", "50", "5000", "100000").Select(UFix64.Parse), (t, c) => new Op.SetDepositCap(t, c)))));

    /// <summary>
    /// Three opening positions (so borrowing has reserves to draw on and there are leveraged positions a price drop can
    /// make liquidatable): u0 FLOW with auto-borrow and a random topUpSource, u1 USDC, u2 FLOW with auto-borrow and no
    /// source; then 10–40 random ops.
    /// </summary>
    public static readonly Gen<Op[]> Sequence = Gen.Select(
        Gen.ULong[100_000_000_000, 400_000_000_000].Select(UFix64.FromRaw),
        Gen.ULong[100_000_000_000, 400_000_000_000].Select(UFix64.FromRaw),
        Gen.ULong[10_000_000_000, 200_000_000_000].Select(UFix64.FromRaw),
        Source,
        AnyOp.Array[10, 40],
        (a, b, c, source, rest) => new Op[]
        {
            new Op.Create("u0", PropWorld.Flow, a, new Conn.Wallet("u0", PropWorld.Moet, null), source, true),
            new Op.Create("u1", PropWorld.Usdc, b, new Conn.None(), new Conn.None(), false),
            new Op.Create("u2", PropWorld.Flow, c, new Conn.Wallet("u2", PropWorld.Moet, null), new Conn.None(), true),
        }.Concat(rest).ToArray());
}
