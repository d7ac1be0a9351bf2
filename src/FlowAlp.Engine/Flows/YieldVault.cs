using System.Numerics;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Keepers;

namespace FlowAlp.Engine.Flows;

/// <summary>
/// A FlowYieldVaults-style strategy: a position's drawDownSink and topUpSource in <c>baseToken</c> (MOET) that
/// holds a yield-bearing token. Deposits swap base → yield token on <c>route</c>; withdrawals sell just enough
/// units back. The units sit in the <see cref="AccountBook"/> account <c>yield-vault:{name}</c> (with any base-token
/// dust left over from a withdrawal, which is paid out first next time), so they join the transaction like any
/// wallet. <see cref="Accrue"/> grows the units at simple <c>apr</c> per 365-day year, paid out of
/// <c>yieldReserveAccount</c>'s yield tokens, so every token stays conserved inside the world.
/// <para>
/// Interest is paid on the units held at accrual time for the whole period since the last accrual: call
/// <see cref="Accrue"/> before deposits and withdrawals, or pass a <c>clock</c> and the vault does it itself.
/// The constructor joins <c>route</c> to <c>tx</c> (<see cref="ConstantProductAmm.JoinTransactions"/>).
/// </para>
/// <para>
/// Units bought are principal; units accrued are yield, and a withdrawal sells the accrued yield first, then principal.
/// With a <c>market</c>, every sale is booked against the yield token's reference price (its slippage: units × reference
/// − base received), and with its <see cref="YieldTokenMarket.MaxSlippageBps"/> a withdrawal sells only as many units as
/// fetch at least the reference less that bound (it provides less rather than sell at a worse price). With its
/// <see cref="YieldTokenMarket.MintAtReference"/>, a deposit mints units at the reference price out of the yield reserve
/// (which takes the base) instead of buying them on the pool.
/// </para>
/// </summary>
public sealed class YieldVault : ISource, ISink
{
    public const ulong SecondsPerYear = 31_536_000;

    private readonly AccountBook _book;
    private readonly TransactionContext _tx;
    private readonly ConstantProductAmm _route;
    private readonly Func<UFix64>? _clock;
    private readonly YieldTokenMarket? _market;
    private UFix64 _lastAccrual;
    private SaleBook _sales;

    /// <summary>The principal and what the sales did (one struct, so one transaction snapshot restores it all).</summary>
    private struct SaleBook
    {
        public UFix64 Principal, YieldSold, PrincipalSold, Proceeds, ReferenceValue, LargestSlippage;
        public long Sales;
    }

    public string Name { get; }
    public string YieldToken { get; }
    public string BaseToken { get; }
    public UFix64 Apr { get; }
    public string YieldReserveAccount { get; }
    /// <summary>The AccountBook account holding the units (and base-token leftovers).</summary>
    public string Account { get; }
    public UFix64 LastAccrual => _lastAccrual;

    public YieldVault(string name, AccountBook book, TransactionContext tx, ConstantProductAmm route, string yieldToken,
        string baseToken, UFix64 apr, string yieldReserveAccount, UFix64 createdAt, Func<UFix64>? clock = null, YieldTokenMarket? market = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("name: must not be empty");
        if (book is null) throw new ArgumentException("book: must not be null");
        if (tx is null) throw new ArgumentException("tx: must not be null");
        if (route is null) throw new ArgumentException("route: must not be null");
        if (string.IsNullOrWhiteSpace(yieldToken)) throw new ArgumentException("yieldToken: must not be empty");
        if (string.IsNullOrWhiteSpace(baseToken)) throw new ArgumentException("baseToken: must not be empty");
        if (yieldToken == baseToken) throw new ArgumentException("yieldToken: must differ from baseToken");
        if (string.IsNullOrWhiteSpace(yieldReserveAccount)) throw new ArgumentException("yieldReserveAccount: must not be empty");
        Account = $"yield-vault:{name}";
        if (yieldReserveAccount == Account) throw new ArgumentException("yieldReserveAccount: must not be the vault's own account");
        if (market is not null && market.YieldToken != yieldToken) throw new ArgumentException($"market: is the market of {market.YieldToken}, not {yieldToken}");
        _market = market;
        Name = name; _book = book; _tx = tx; _route = route; _clock = clock;
        YieldToken = yieldToken; BaseToken = baseToken; Apr = apr; YieldReserveAccount = yieldReserveAccount;
        _lastAccrual = createdAt;
        route.JoinTransactions(tx);
    }

    public string TokenType => BaseToken;

    /// <summary>Yield-token units held.</summary>
    public UFix64 Units => _book.Balance(Account, YieldToken);

    /// <summary>Base-token dust kept from a withdrawal that sold slightly more than asked.</summary>
    public UFix64 Leftover => _book.Balance(Account, BaseToken);

    /// <summary>Units bought and not yet sold.</summary>
    public UFix64 Principal => _sales.Principal;

    /// <summary>Units accrued and not yet sold (what a withdrawal sells first).</summary>
    public UFix64 AccruedYield => Units > _sales.Principal ? Units - _sales.Principal : UFix64.Zero;

    /// <summary>What the vault's sales did so far (slippage against the market's reference; zero without a market).</summary>
    public YieldVaultSales Sales => new(_sales.Sales, _sales.YieldSold, _sales.PrincipalSold, _sales.Proceeds, _sales.ReferenceValue, _sales.LargestSlippage);

    private bool HasRoute => _route.Reserves(YieldToken, BaseToken) is not null;

    /// <summary>
    /// Value of the holdings in <paramref name="token"/>: the units quoted out on the route (0 without a pool), or
    /// the units themselves for the yield token; base-token leftovers count when <paramref name="token"/> is the base.
    /// </summary>
    public UFix64 ValueIn(string token)
    {
        if (token == YieldToken) return Units;
        UFix64 units = Units;
        UFix64 v = units.IsZero || _route.Reserves(YieldToken, token) is null ? UFix64.Zero : _route.QuoteOut(YieldToken, token, units);
        return token == BaseToken ? v + Leftover : v;
    }

    // ---- accrual -----------------------------------------------------------------------------------------

    /// <summary>Interest on the current units from the last accrual to <paramref name="now"/> (before any reserve cap).</summary>
    public UFix64 PendingInterest(UFix64 now)
    {
        if (now < _lastAccrual) throw new ArgumentException($"now: {now} is before the last accrual {_lastAccrual}");
        return InterestRaw(Units.Raw, Apr.Raw, (now - _lastAccrual).Raw);
    }

    private static readonly UInt128 InterestDivisor = (UInt128)(UFix64.Scale * UFix64.Scale) * SecondsPerYear;

    /// <summary>
    /// units·apr·dt / year in one exact product, truncated once (value·10^8 = U·A·D / (10^16·year)). With U·A = q·C + r
    /// (C the divisor), U·A·D / C = q·D + r·D / C exactly, which fits 128 bits while D &lt; 2^48 (r &lt; C &lt; 2^79; dt under
    /// about 32 days); a longer gap takes the BigInteger product.
    /// </summary>
    internal static UFix64 InterestRaw(ulong units, ulong apr, ulong dt)
    {
        if (units == 0 || apr == 0 || dt == 0) return UFix64.Zero;
        UInt128 raw;
        if (dt >> 48 == 0)
        {
            UInt128 p = (UInt128)units * apr;
            UInt128 q = p / InterestDivisor, r = p % InterestDivisor;
            raw = q * dt + r * dt / InterestDivisor; // q < 2^50 and dt < 2^48: no overflow
        }
        else
        {
            BigInteger big = (BigInteger)units * apr * dt / (BigInteger)InterestDivisor;
            if (big > ulong.MaxValue) throw new FixedPointException("UFix64 overflow");
            raw = (UInt128)(ulong)big;
        }
        if (raw > ulong.MaxValue) throw new FixedPointException("UFix64 overflow");
        return UFix64.FromRaw((ulong)raw);
    }

    /// <summary>
    /// Grows the units at simple <see cref="Apr"/> for the virtual seconds since the last accrual (truncated down),
    /// debiting the reserve's yield tokens (only what it holds if it is short; the rest is forfeited).
    /// </summary>
    public void Accrue(UFix64 now)
    {
        UFix64 due = PendingInterest(now);
        UFix64 pay = UFix64.Min(due, _book.Balance(YieldReserveAccount, YieldToken));
        if (!pay.IsZero)
        {
            _book.Debit(YieldReserveAccount, YieldToken, pay);
            _book.Credit(Account, YieldToken, pay);
        }
        SetLastAccrual(now);
    }

    private void SetLastAccrual(UFix64 now)
    {
        if (now == _lastAccrual) return;
        TouchTx();
        _lastAccrual = now;
    }

    /// <summary>Registers, once per transaction, how to restore the accrual time and the sale book.</summary>
    private void TouchTx()
    {
        // FirstTouch, not Touch: no capture delegate per call
        if (_tx.FirstTouch(this)) _tx.OnRollback(Restore(_lastAccrual, _sales));
    }

    private Action Restore(UFix64 at, SaleBook book) => () => (_lastAccrual, _sales) = (at, book);

    private void AccrueByClock()
    {
        if (_clock is not null) Accrue(_clock());
    }

    // ---- sink --------------------------------------------------------------------------------------------

    public UFix64 MinimumCapacity() => UFix64.Max;

    /// <summary>Swaps the whole offered base amount to units; takes nothing without a route or for dust that buys no unit.</summary>
    public UFix64 DepositCapacity(Vault offered)
    {
        if (offered.Token != BaseToken || offered.Amount.IsZero || !HasRoute) return UFix64.Zero;
        if (_market is { MintAtReference: true } && MintAtReference(offered.Amount) is { } minted)
        {
            AccrueByClock();
            // the base pays the issuer (the yield reserve), which hands over units it holds: every token stays conserved
            _book.Debit(YieldReserveAccount, YieldToken, minted);
            _book.Credit(YieldReserveAccount, BaseToken, offered.Amount);
            _book.Credit(Account, YieldToken, minted);
            TouchTx();
            _sales.Principal += minted;
            return offered.Amount;
        }
        if (_route.QuoteOut(BaseToken, YieldToken, offered.Amount).IsZero) return UFix64.Zero;
        AccrueByClock();
        Vault bought = _route.Swap(BaseToken, YieldToken, offered.Amount);
        _book.Credit(Account, YieldToken, bought.Amount);
        TouchTx();
        _sales.Principal += bought.Amount;
        return offered.Amount;
    }

    // ---- source ------------------------------------------------------------------------------------------

    /// <summary>Base leftovers plus what selling every unit (within the slippage bound, if any) would give now (0 for the units without a route).</summary>
    public UFix64 MinimumAvailable()
    {
        if (_market?.MaxSlippageBps is null) return ValueIn(BaseToken);
        UFix64 sellable = SellableWithinBound(Units);
        return (sellable.IsZero || !HasRoute ? UFix64.Zero : _route.QuoteOut(YieldToken, BaseToken, sellable)) + Leftover;
    }

    /// <summary>
    /// Pays base leftovers first, then sells just enough units (route QuoteIn) for the rest, or all units if they
    /// do not cover it. A sale that yields a little more than asked keeps the excess as leftover.
    /// </summary>
    public Vault WithdrawAvailable(UFix64 maxAmount)
    {
        if (maxAmount.IsZero) return Vault.Empty(BaseToken);
        AccrueByClock();
        UFix64 fromLeftover = UFix64.Min(Leftover, maxAmount);
        if (!fromLeftover.IsZero) _book.Debit(Account, BaseToken, fromLeftover);
        UFix64 rest = maxAmount - fromLeftover, units = Units;
        if (rest.IsZero || units.IsZero || !HasRoute) return new Vault(BaseToken, fromLeftover);

        // the route does not change until the swap below, so a quote of the same amount is the same: the last one is kept
        // (the search's last quote is usually the final check's)
        UFix64 all = _route.QuoteOut(YieldToken, BaseToken, units);
        UFix64 sell = units, quoted = units, quote = all;
        if (all > rest)
        {
            sell = UFix64.Min(_route.QuoteIn(YieldToken, BaseToken, rest), units);
            while (sell < units)
            {
                (quoted, quote) = (sell, _route.QuoteOut(YieldToken, BaseToken, sell));
                if (quote >= rest) break;
                sell += UFix64.Epsilon;
            }
        }
        if (_market?.MaxSlippageBps is not null) sell = SellableWithinBound(sell);
        if (sell.IsZero || (sell == quoted ? quote : _route.QuoteOut(YieldToken, BaseToken, sell)).IsZero) return new Vault(BaseToken, fromLeftover);
        _book.Debit(Account, YieldToken, sell);
        UFix64 got = _route.Swap(YieldToken, BaseToken, sell).Amount;
        BookSale(sell, got, units); // the units before the sale: read above, changed since by the sale's debit only
        if (got > rest)
        {
            _book.Credit(Account, BaseToken, got - rest);
            got = rest;
        }
        return new Vault(BaseToken, fromLeftover + got);
    }

    // ---- sales -------------------------------------------------------------------------------------------

    /// <summary>
    /// The units <paramref name="amount"/> of base mints at the reference price (truncated), or null when that is no unit
    /// or the reserve holds fewer (the deposit then buys on the pool, as without minting).
    /// </summary>
    private UFix64? MintAtReference(UFix64 amount)
    {
        UFix64 price = ReferencePrice();
        if (price.IsZero) return null;
        BigInteger raw = (BigInteger)amount.Raw * UFix64.Scale / price.Raw;
        if (raw.IsZero || raw > _book.Balance(YieldReserveAccount, YieldToken).Raw) return null;
        return UFix64.FromRaw((ulong)raw);
    }

    /// <summary>The reference value of <paramref name="units"/> now (truncated).</summary>
    private UFix64 ReferenceValueOf(UFix64 units, UFix64 price) =>
        UFix64.FromRaw((ulong)((BigInteger)units.Raw * price.Raw / UFix64.Scale));

    private UFix64 ReferencePrice() => _market!.Reference.At(_clock?.Invoke() ?? _lastAccrual);

    /// <summary>
    /// The most of <paramref name="wanted"/> units that sell for at least the reference less the bound:
    /// quoteOut(u)·10⁴ ≥ u·price·(10⁴ − bps). The average price falls with the size, so it is found by bisection.
    /// </summary>
    public UFix64 SellableWithinBound(UFix64 wanted)
    {
        if (_market?.MaxSlippageBps is not { } bps || wanted.IsZero || !HasRoute) return wanted;
        UFix64 price = ReferencePrice();
        bool Within(ulong raw) => raw == 0
            || (BigInteger)_route.QuoteOut(YieldToken, BaseToken, UFix64.FromRaw(raw)).Raw * 10_000 * UFix64.Scale >= (BigInteger)raw * price.Raw * (10_000 - bps);
        if (Within(wanted.Raw)) return wanted;
        ulong lo = 0, hi = wanted.Raw;
        while (hi - lo > 1)
        {
            ulong mid = lo + (hi - lo) / 2;
            if (Within(mid)) lo = mid; else hi = mid;
        }
        return UFix64.FromRaw(lo);
    }

    /// <summary>A sale of <paramref name="sold"/> units for <paramref name="got"/>: accrued yield first, then principal; its slippage against the reference.</summary>
    private void BookSale(UFix64 sold, UFix64 got, UFix64 unitsBefore)
    {
        TouchTx();
        UFix64 yieldBefore = unitsBefore > _sales.Principal ? unitsBefore - _sales.Principal : UFix64.Zero;
        UFix64 fromYield = UFix64.Min(sold, yieldBefore), fromPrincipal = UFix64.Min(sold - fromYield, _sales.Principal);
        _sales.YieldSold += fromYield;
        _sales.PrincipalSold += fromPrincipal;
        _sales.Principal -= fromPrincipal;
        if (_market is null) return;
        UFix64 reference = ReferenceValueOf(sold, ReferencePrice());
        _sales.Sales++;
        _sales.Proceeds += got;
        _sales.ReferenceValue += reference;
        if (reference > got && reference - got > _sales.LargestSlippage) _sales.LargestSlippage = reference - got;
    }
}

/// <summary>
/// A yield vault's sales so far: how many (booked against a reference), the units sold out of accrued yield and out of
/// principal, the base token they fetched, their value at the reference price, and the largest one sale's slippage
/// (reference value − proceeds). The slippage paid is <see cref="ReferenceValue"/> − <see cref="Proceeds"/>.
/// </summary>
public sealed record YieldVaultSales(long Sales, UFix64 YieldSold, UFix64 PrincipalSold, UFix64 Proceeds, UFix64 ReferenceValue, UFix64 LargestSlippage);
