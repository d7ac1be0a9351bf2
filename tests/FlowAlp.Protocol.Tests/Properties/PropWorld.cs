using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>
/// A DEX wrapper that counts what actually went through <see cref="ISwapper.Swap"/> (the only place tokens leave or
/// enter the pool's world through the DEX: insurance collection). Its counters join the current transaction, so a
/// reverted operation also reverts what it counted.
/// </summary>
internal sealed class CountingDex(TransactionContext tx, FixedRatioDex inner) : ISwapperProvider
{
    private Dictionary<string, BigInteger> _in = new(), _out = new();

    public FixedRatioDex Inner => inner;
    public BigInteger In(string token) => _in.TryGetValue(token, out var v) ? v : BigInteger.Zero;
    public BigInteger Out(string token) => _out.TryGetValue(token, out var v) ? v : BigInteger.Zero;

    public ISwapper? GetSwapper(string inToken, string outToken) =>
        inner.GetSwapper(inToken, outToken) is { } s ? new Counting(this, s) : null;

    private void Record(Vault input, Vault output)
    {
        tx.Touch(this, () =>
        {
            var (i, o) = (_in, _out);
            _in = new(i); _out = new(o);
            return () => { _in = i; _out = o; };
        });
        _in[input.Token] = In(input.Token) + input.Amount.Raw;
        _out[output.Token] = Out(output.Token) + output.Amount.Raw;
    }

    public string Describe() =>
        string.Join(",", _in.OrderBy(k => k.Key).Select(k => $"in:{k.Key}={k.Value}")
            .Concat(_out.OrderBy(k => k.Key).Select(k => $"out:{k.Key}={k.Value}")));

    private sealed class Counting(CountingDex owner, ISwapper s) : ISwapper
    {
        public string InToken => s.InToken;
        public string OutToken => s.OutToken;
        public SwapQuote QuoteIn(UFix64 desiredOut) => s.QuoteIn(desiredOut);
        public SwapQuote QuoteOut(UFix64 providedIn) => s.QuoteOut(providedIn);
        public Vault Swap(SwapQuote quote, Vault input)
        {
            var output = s.Swap(quote, input);
            owner.Record(input, output);
            return output;
        }
    }
}

/// <summary>
/// One pool with MOET (default token), FLOW and USDC, a settable oracle, a counting fixed-ratio DEX and an account
/// book of external wallets, all sharing one transaction context (the "chain"). Keeps the external supply of every
/// token (initial wallets + test mints) so the conservation identity can be checked exactly.
/// </summary>
internal sealed class PropWorld
{
    public const string Moet = "MOET", Flow = "FLOW", Usdc = "USDC", Unsupported = "DOGE";
    public static readonly string[] Tokens = [Moet, Flow, Usdc];
    public static readonly string[] Users = ["u0", "u1", "u2", "liq"];
    public const string Treasury = "treasury";

    public TransactionContext Tx { get; } = new();
    public SettableOracle Oracle { get; }
    public CountingDex Dex { get; }
    public AccountBook Book { get; }
    public Pool Pool { get; }

    /// <summary>Tokens that entered the world from outside the protocol (initial wallets and test mints), raw units.</summary>
    private readonly Dictionary<string, BigInteger> _external = new();

    public static UFix64 U(string s) => UFix64.Parse(s);
    public static UFix128 H(string s) => UFix128.Parse(s);

    /// <param name="roomyDeposits">Deposit limits far above any generated amount (no queued deposits).</param>
    public PropWorld(bool roomyDeposits = false, ulong warmupSeconds = 300)
    {
        Oracle = new SettableOracle(Moet);
        Dex = new CountingDex(Tx, new FixedRatioDex());
        Book = new AccountBook(Tx);
        Pool = new Pool(Tx, Oracle, Dex, new PoolConfig { WarmupSeconds = warmupSeconds });

        var cap = roomyDeposits ? U("1000000000") : U("100000");
        var fraction = roomyDeposits ? UFix64.One : U("0.05");
        Pool.AddSupportedToken(new TokenSettings(Flow, U("0.8"), U("1.0"),
            new KinkCurve(H("0.8"), H("0.01"), H("0.04"), H("0.6")), U("20000"), cap) { DepositLimitFraction = fraction, InsuranceRate = U("0.02") });
        Pool.AddSupportedToken(new TokenSettings(Usdc, U("0.9"), U("0.95"),
            new FixedCurve(H("0.08")), U("20000"), cap) { DepositLimitFraction = fraction, InsuranceRate = U("0.02") });
        Pool.SetInterestCurve(Moet, new FixedCurve(H("0.05")));
        if (roomyDeposits)
        {
            Pool.SetDepositCapacityCap(Moet, cap);
            Pool.SetDepositLimitFraction(Moet, fraction);
        }

        Oracle.Set(Flow, U("1.0"));
        Oracle.Set(Usdc, U("1.0"));
        SyncDex(0.0);

        foreach (var u in Users)
            foreach (var t in Tokens)
                Mint(u, t, u == "liq" ? U("1000000") : U("20000"));
        Book.Open(Treasury);
    }

    /// <summary>Sets every ordered DEX pair to the oracle ratio times (1 + deviation) (pairs with a missing price keep theirs).</summary>
    public void SyncDex(double deviation)
    {
        foreach (var a in Tokens)
            foreach (var b in Tokens)
            {
                if (a == b) continue;
                if (Oracle.Price(a, Pool.Now) is not { } pa || Oracle.Price(b, Pool.Now) is not { } pb) continue;
                var ratio = pa / pb * UFix64.FromDouble(1.0 + deviation);
                if (!ratio.IsZero) Dex.Inner.SetRatio(a, b, ratio);
            }
    }

    /// <summary>External mint into a wallet (outside any transaction; cannot fail).</summary>
    public void Mint(string account, string token, UFix64 amount)
    {
        Book.Credit(account, token, amount);
        _external[token] = External(token) + amount.Raw;
    }

    public BigInteger External(string token) => _external.TryGetValue(token, out var v) ? v : BigInteger.Zero;

    /// <summary>
    /// Every unit of <paramref name="token"/> physically held anywhere, minus what the protocol itself created:
    /// wallets + pool reserve + stability fund + (MOET) insurance fund + deposits queued in positions
    /// + (tokens swapped into the DEX − tokens the DEX paid out) − (MOET) minted by draw-downs.
    /// Conservation: this always equals <see cref="External"/>.
    /// </summary>
    public BigInteger Held(string token)
    {
        BigInteger sum = 0;
        foreach (var a in Book.Accounts) sum += Book.Balance(a, token).Raw;
        sum += Pool.Reserve(token).Raw;
        if (Pool.StabilityFunds.TryGetValue(token, out var sf)) sum += sf.Raw;
        if (token == Pool.DefaultToken) sum += Pool.InsuranceFund.Raw;
        for (int pid = 0; pid < Pool.PositionCount; pid++)
            if (Pool.PositionOf(pid).QueuedDeposits.TryGetValue(token, out var q)) sum += q.Raw;
        sum += Dex.In(token) - Dex.Out(token);
        if (token == Pool.DefaultToken) sum -= Pool.MoetMinted.Raw;
        return sum;
    }

    /// <summary>
    /// The complete observable state as one canonical string: pool globals, every token state (including per-position
    /// deposit usage), every position (balances, queue, bounds, connectors' identity, health), every wallet, DEX counters.
    /// </summary>
    public string Observe()
    {
        var p = Pool;
        var sb = new StringBuilder();
        sb.Append($"now={p.Now.Raw} paused={p.IsPaused} warm={p.IsPausedOrWarmup} ins={p.InsuranceFund.Raw} minted={p.MoetMinted.Raw} ");
        sb.Append($"liqT={p.LiquidationTargetHealth.Raw} dev={p.DexOracleDeviationBps} warmup={p.WarmupSeconds} n={p.PositionCount} events={p.Events.Count}\n");
        sb.Append("reserves:").AppendJoin(",", p.Reserves.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value.Raw}")).Append('\n');
        sb.Append("stability:").AppendJoin(",", p.StabilityFunds.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value.Raw}")).Append('\n');
        sb.Append("queue:").AppendJoin(",", p.UpdateQueue).Append('\n');
        foreach (var t in p.SupportedTokens.OrderBy(x => x))
        {
            var ts = p.TokenStateOf(t);
            sb.Append($"token {t}: lu={ts.LastUpdate.Raw} tc={ts.TotalCreditBalance.Raw} td={ts.TotalDebitBalance.Raw} ci={ts.CreditInterestIndex.Raw} di={ts.DebitInterestIndex.Raw} ");
            sb.Append($"cr={ts.CurrentCreditRate.Raw} dr={ts.CurrentDebitRate.Raw} curve={ts.InterestCurve} ir={ts.InsuranceRate.Raw} lic={ts.LastInsuranceCollectionTime.Raw} ");
            sb.Append($"sfr={ts.StabilityFeeRate.Raw} lsc={ts.LastStabilityFeeCollectionTime.Raw} dlf={ts.DepositLimitFraction.Raw} drate={ts.DepositRate.Raw} ");
            sb.Append($"dcap={ts.DepositCapacity.Raw} dcapcap={ts.DepositCapacityCap.Raw} min={ts.MinimumBalance.Raw} cf={ts.CollateralFactor.Raw} bf={ts.BorrowFactor.Raw} usage=");
            for (int pid = 0; pid < p.PositionCount; pid++) sb.Append(ts.DepositUsage(pid).Raw).Append(';');
            sb.Append('\n');
        }
        for (int pid = 0; pid < p.PositionCount; pid++)
        {
            var pos = p.PositionOf(pid);
            sb.Append($"pos {pid}: ");
            foreach (var (t, b) in pos.Balances) sb.Append($"{t}:{b.Direction}:{b.Scaled.Quantity.Raw} ");
            sb.Append("queued:").AppendJoin(",", pos.QueuedDeposits.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value.Raw}"));
            sb.Append($" bounds={pos.MinHealth.Raw}/{pos.TargetHealth.Raw}/{pos.MaxHealth.Raw}");
            sb.Append($" sink={Identity(pos.DrawDownSink)} source={Identity(pos.TopUpSource)} health=");
            try { sb.Append(p.PositionHealth(pid).Raw); }
            catch (ProtocolException e) { sb.Append("revert:").Append(e.Reason); }
            sb.Append('\n');
        }
        foreach (var a in Book.Accounts.OrderBy(x => x))
            sb.Append($"wallet {a}:").AppendJoin(",", Book.Balances(a).OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value.Raw}")).Append('\n');
        sb.Append("dex:").Append(Dex.Describe());
        return sb.ToString();
    }

    private static string Identity(object? o) => o is null ? "none" : $"{o.GetType().Name}#{RuntimeHelpers.GetHashCode(o)}";

    /// <summary>The first line where two observations differ (for a readable failure message).</summary>
    public static string FirstDifference(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "<none>", y = i < b.Length ? b[i] : "<none>";
            if (x != y) return $"before: {x}\nafter:  {y}";
        }
        return "(identical)";
    }

    /// <summary>The true balance of a token in a position at <see cref="Pool.Now"/> (half-up, as the details query reports it).</summary>
    public (BalanceDirection Direction, UFix64 Amount)? TrueBalance(long pid, string token)
    {
        var details = Pool.GetPositionDetails(pid);
        foreach (var b in details.Balances)
            if (b.Token == token) return (b.Direction, b.Amount);
        return null;
    }
}
