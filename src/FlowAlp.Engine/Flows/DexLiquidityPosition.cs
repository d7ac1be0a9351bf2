using System.Numerics;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Engine.Flows;

/// <summary>
/// An LP strategy as a position's drawDownSink / topUpSource in <c>baseToken</c> (MOET): deposits swap part of the
/// base to <c>pairedToken</c> (the zap amount, about half, that leaves the two sides at the pool ratio) and add both
/// as liquidity on the base/paired pair; the LP shares are held here. Withdrawals burn just enough shares pro rata,
/// sell the paired side for base and return up to the amount asked. Whatever does not fit (AddLiquidity refunds,
/// a sale that gave a little more than asked, a paired payout with no pool left to sell into) stays in the
/// <see cref="AccountBook"/> account <c>dex-lp:{name}</c> and is used first next time, so nothing is lost.
/// The share count joins the transaction; the constructor joins <c>amm</c> to <c>tx</c>.
/// </summary>
public sealed class DexLiquidityPosition : ISource, ISink
{
    private readonly AccountBook _book;
    private readonly TransactionContext _tx;
    private readonly ConstantProductAmm _amm;
    private UFix64 _shares;

    public string Name { get; }
    public string PairedToken { get; }
    public string BaseToken { get; }
    /// <summary>The AccountBook account holding the leftovers of both tokens.</summary>
    public string Account { get; }

    public DexLiquidityPosition(string name, AccountBook book, TransactionContext tx, ConstantProductAmm amm, string pairedToken, string baseToken)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("name: must not be empty");
        if (book is null) throw new ArgumentException("book: must not be null");
        if (tx is null) throw new ArgumentException("tx: must not be null");
        if (amm is null) throw new ArgumentException("amm: must not be null");
        if (string.IsNullOrWhiteSpace(pairedToken)) throw new ArgumentException("pairedToken: must not be empty");
        if (string.IsNullOrWhiteSpace(baseToken)) throw new ArgumentException("baseToken: must not be empty");
        if (pairedToken == baseToken) throw new ArgumentException("pairedToken: must differ from baseToken");
        Name = name; _book = book; _tx = tx; _amm = amm; PairedToken = pairedToken; BaseToken = baseToken;
        Account = $"dex-lp:{name}";
        amm.JoinTransactions(tx);
    }

    public string TokenType => BaseToken;

    /// <summary>LP shares of the base/paired pair held.</summary>
    public UFix64 Shares => _shares;

    public UFix64 LeftoverBase => _book.Balance(Account, BaseToken);
    public UFix64 LeftoverPaired => _book.Balance(Account, PairedToken);

    private bool HasPool => _amm.Reserves(BaseToken, PairedToken) is not null;

    private void SetShares(UFix64 v)
    {
        _tx.Touch(this, () => { var saved = _shares; return () => _shares = saved; });
        _shares = v;
    }

    // ---- sink --------------------------------------------------------------------------------------------

    public UFix64 MinimumCapacity() => UFix64.Max;

    /// <summary>
    /// Base to sell so that the rest and the proceeds match the post-swap reserve ratio (Uniswap "zap"):
    /// s = (sqrt(rB²(1+γ)² + 4γ·rB·A) − rB(1+γ)) / (2γ), γ = 1 − fee, on raw values with an integer root.
    /// </summary>
    private UFix64 ZapAmount(UFix64 amount)
    {
        var (rb, _) = _amm.Reserves(BaseToken, PairedToken)!.Value;
        BigInteger g = 10_000 - _amm.FeeBps, r = rb.Raw, a = amount.Raw;
        BigInteger b = r * (10_000 + g);
        BigInteger s = (ISqrt(b * b + 4 * g * 10_000 * r * a) - b) / (2 * g);
        if (s < 0) s = 0;
        return UFix64.Min(UFix64.FromRaw((ulong)s), amount);
    }

    private static BigInteger ISqrt(BigInteger n)
    {
        if (n < 2) return n;
        BigInteger x = (BigInteger)Math.Sqrt((double)n);
        while (x * x > n) x--;
        while ((x + 1) * (x + 1) <= n) x++;
        return x;
    }

    /// <summary>
    /// Takes the whole offered base amount: swaps the zap share to the paired token and adds both as liquidity,
    /// keeping AddLiquidity's refunds as leftovers. Takes nothing without a pool or when the amount is too small
    /// to buy any paired token or mint a share (checked on a copy of the AMM first, so it never reverts).
    /// </summary>
    public UFix64 DepositCapacity(Vault offered)
    {
        if (offered.Token != BaseToken || offered.Amount.IsZero || !HasPool) return UFix64.Zero;
        UFix64 sell = ZapAmount(offered.Amount);
        if (sell.IsZero || sell == offered.Amount) return UFix64.Zero;
        var dry = _amm.Copy();
        UFix64 paired = dry.Swap(BaseToken, PairedToken, sell).Amount;
        if (paired.IsZero || dry.QuoteAddLiquidity(PairedToken, paired, BaseToken, offered.Amount - sell).Shares.IsZero) return UFix64.Zero;

        paired = _amm.Swap(BaseToken, PairedToken, sell).Amount;
        UFix64 minted = _amm.AddLiquidity(PairedToken, paired, BaseToken, offered.Amount - sell, out var refundPaired, out var refundBase);
        SetShares(_shares + minted);
        if (!refundPaired.Amount.IsZero) _book.Credit(Account, PairedToken, refundPaired.Amount);
        if (!refundBase.Amount.IsZero) _book.Credit(Account, BaseToken, refundBase.Amount);
        return offered.Amount;
    }

    // ---- source ------------------------------------------------------------------------------------------

    /// <summary>
    /// Estimated base value of everything held: base leftovers, the paired leftovers quoted out, and burning all
    /// shares then selling their paired side (<see cref="ConstantProductAmm.QuoteRemoveLiquiditySingle"/>).
    /// </summary>
    public UFix64 MinimumAvailable()
    {
        UFix64 v = LeftoverBase;
        if (!HasPool) return v;
        if (!LeftoverPaired.IsZero) v += _amm.QuoteOut(PairedToken, BaseToken, LeftoverPaired);
        if (!_shares.IsZero) v += _amm.QuoteRemoveLiquiditySingle(BaseToken, PairedToken, _shares);
        return v;
    }

    /// <summary>
    /// Returns up to <paramref name="maxAmount"/> base: paired leftovers are sold first (when base leftovers do not
    /// cover it), then base leftovers are paid, then the fewest shares whose payout (base part plus the paired part
    /// sold) covers the rest are burnt, or all shares if they do not. Excess base stays as leftover.
    /// </summary>
    public Vault WithdrawAvailable(UFix64 maxAmount)
    {
        if (maxAmount.IsZero) return Vault.Empty(BaseToken);
        if (LeftoverBase < maxAmount && !LeftoverPaired.IsZero && HasPool && !_amm.QuoteOut(PairedToken, BaseToken, LeftoverPaired).IsZero)
        {
            UFix64 lp = LeftoverPaired;
            _book.Debit(Account, PairedToken, lp);
            _book.Credit(Account, BaseToken, _amm.Swap(PairedToken, BaseToken, lp).Amount);
        }
        UFix64 paid = UFix64.Min(LeftoverBase, maxAmount);
        if (!paid.IsZero) _book.Debit(Account, BaseToken, paid);
        UFix64 rest = maxAmount - paid;
        if (rest.IsZero || _shares.IsZero || !HasPool) return new Vault(BaseToken, paid);

        UFix64 burn = SharesFor(rest);
        var (b, p) = _amm.RemoveLiquidity(BaseToken, PairedToken, burn);
        SetShares(_shares - burn);
        UFix64 got = b.Amount;
        if (!p.Amount.IsZero)
        {
            if (HasPool && !_amm.QuoteOut(PairedToken, BaseToken, p.Amount).IsZero) got += _amm.Swap(PairedToken, BaseToken, p.Amount).Amount;
            else _book.Credit(Account, PairedToken, p.Amount);
        }
        if (got > rest)
        {
            _book.Credit(Account, BaseToken, got - rest);
            got = rest;
        }
        return new Vault(BaseToken, paid + got);
    }

    /// <summary>The fewest shares (binary search on the exact quote) whose single-sided payout covers <paramref name="need"/>, or all.</summary>
    private UFix64 SharesFor(UFix64 need)
    {
        if (_amm.QuoteRemoveLiquiditySingle(BaseToken, PairedToken, _shares) <= need) return _shares;
        ulong lo = 1, hi = _shares.Raw; // the payout of hi covers need
        while (lo < hi)
        {
            ulong mid = lo + (hi - lo) / 2;
            if (_amm.QuoteRemoveLiquiditySingle(BaseToken, PairedToken, UFix64.FromRaw(mid)) >= need) hi = mid;
            else lo = mid + 1;
        }
        return UFix64.FromRaw(hi);
    }
}
