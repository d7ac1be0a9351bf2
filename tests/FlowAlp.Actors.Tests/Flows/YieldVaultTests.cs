using FlowAlp.Actors.Dex;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Flows;

namespace FlowAlp.Actors.Tests.Flows;

public class YieldVaultTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static readonly UFix64 T0 = U("1000");
    private static readonly UFix64 Year = UFix64.FromInteger(YieldVault.SecondsPerYear);

    private sealed class World
    {
        public readonly TransactionContext Tx = new();
        public readonly AccountBook Book;
        public readonly ConstantProductAmm Amm = new(30);
        public readonly YieldVault Vault;

        public World(string reserve = "1000000")
        {
            Book = new AccountBook(Tx);
            Amm.SetLiquidity("MOET", U("1000000"), "YT", U("500000"));
            Book.Credit("reserve", "YT", U(reserve));
            Book.Credit("alice", "MOET", U("10000"));
            Vault = new YieldVault("v1", Book, Tx, Amm, "YT", "MOET", U("0.1"), "reserve", T0);
        }

        public UFix64 Total(string token)
        {
            UFix64 t = UFix64.Zero;
            foreach (var a in Book.Accounts) t += Book.Balance(a, token);
            var r = Amm.Reserves("MOET", "YT")!.Value;
            return t + (token == "MOET" ? r.In : token == "YT" ? r.Out : UFix64.Zero);
        }

        public UFix64 Deposit(string amount)
        {
            Book.Debit("alice", "MOET", U(amount));
            UFix64 taken = Vault.DepositCapacity(new Vault("MOET", U(amount)));
            Book.Credit("alice", "MOET", U(amount) - taken);
            return taken;
        }
    }

    [Fact]
    public void Deposit_buys_units_at_the_amm_quote()
    {
        var w = new World();
        UFix64 quote = w.Amm.QuoteOut("MOET", "YT", U("1000"));
        Assert.Equal(U("1000"), w.Deposit("1000"));
        Assert.Equal(quote, w.Vault.Units);
        Assert.Equal(U("498.00349051"), w.Vault.Units); // 500000 * 997 / 1000997, truncated
        Assert.Equal(U("498.00349051"), w.Book.Balance("yield-vault:v1", "YT"));
        Assert.Equal((U("1001000"), U("499501.99650949")), w.Amm.Reserves("MOET", "YT"));
        Assert.Equal("MOET", w.Vault.TokenType);
        Assert.Equal(UFix64.Max, w.Vault.MinimumCapacity());
        Assert.Equal(w.Amm.QuoteOut("YT", "MOET", w.Vault.Units), w.Vault.MinimumAvailable());
        Assert.Equal(w.Vault.MinimumAvailable(), w.Vault.ValueIn("MOET"));
        Assert.Equal(w.Vault.Units, w.Vault.ValueIn("YT"));
    }

    [Fact]
    public void Sink_takes_nothing_of_another_token_or_without_a_route()
    {
        var w = new World();
        Assert.Equal(UFix64.Zero, w.Vault.DepositCapacity(new Vault("FLOW", U("10"))));
        Assert.Equal(UFix64.Zero, w.Vault.DepositCapacity(new Vault("MOET", UFix64.Zero)));
        Assert.Equal(UFix64.Zero, w.Vault.DepositCapacity(new Vault("MOET", UFix64.Epsilon))); // buys no unit
        var tx = new TransactionContext();
        var lone = new YieldVault("lone", new AccountBook(tx), tx, new ConstantProductAmm(), "YT", "MOET", U("0.1"), "reserve", T0);
        Assert.Equal(UFix64.Zero, lone.DepositCapacity(new Vault("MOET", U("10"))));
        Assert.Equal(UFix64.Zero, lone.MinimumAvailable());
        Assert.Equal(Vault.Empty("MOET"), lone.WithdrawAvailable(U("10")));
    }

    [Fact]
    public void One_year_at_ten_percent_grows_units_by_exactly_a_tenth_paid_by_the_reserve()
    {
        var w = new World();
        w.Deposit("1000");
        UFix64 units = w.Vault.Units;
        w.Vault.Accrue(T0 + Year);
        UFix64 interest = UFix64.FromRaw(units.Raw / 10);
        Assert.Equal(U("49.80034905"), interest);
        Assert.Equal(units + interest, w.Vault.Units);
        Assert.Equal(U("547.80383956"), w.Vault.Units);
        Assert.Equal(U("1000000") - interest, w.Book.Balance("reserve", "YT"));
        Assert.Equal(T0 + Year, w.Vault.LastAccrual);
        // no time, no interest
        w.Vault.Accrue(T0 + Year);
        Assert.Equal(U("547.80383956"), w.Vault.Units);
    }

    [Fact]
    public void Accrual_is_simple_per_elapsed_second_and_truncated()
    {
        var w = new World();
        w.Deposit("1000");
        UFix64 units = w.Vault.Units; // 498.00349051
        w.Vault.Accrue(T0 + U("86400")); // one day: units * 0.1 / 365
        ulong expected = (ulong)((UInt128)units.Raw * 10_000_000UL * 86_400UL / (100_000_000UL * 31_536_000UL));
        Assert.Equal(units + UFix64.FromRaw(expected), w.Vault.Units);
        Assert.Equal(U("0.13643931"), UFix64.FromRaw(expected));
        Assert.StartsWith("now:", Assert.Throws<ArgumentException>(() => w.Vault.Accrue(T0)).Message);
    }

    [Fact]
    public void A_short_reserve_pays_what_it_holds()
    {
        var w = new World(reserve: "5");
        w.Deposit("1000");
        UFix64 units = w.Vault.Units;
        w.Vault.Accrue(T0 + Year);
        Assert.Equal(units + U("5"), w.Vault.Units);
        Assert.Equal(UFix64.Zero, w.Book.Balance("reserve", "YT"));
    }

    [Fact]
    public void Withdraw_sells_just_enough_units_for_the_requested_amount()
    {
        var w = new World();
        w.Deposit("1000");
        w.Vault.Accrue(T0 + Year);
        UFix64 units = w.Vault.Units;
        UFix64 need = w.Amm.QuoteIn("YT", "MOET", U("500"));
        Assert.Equal(U("250.37731712"), need);
        Vault got = w.Vault.WithdrawAvailable(U("500"));
        Assert.Equal(new Vault("MOET", U("500")), got);
        Assert.Equal(units - need, w.Vault.Units);
        // the sale gave 500.00000001: the dust stays in the vault and is paid first next time
        Assert.Equal(U("0.00000001"), w.Vault.Leftover);
        UFix64 unitsAfter = w.Vault.Units;
        Assert.Equal(new Vault("MOET", U("0.00000001")), w.Vault.WithdrawAvailable(U("0.00000001")));
        Assert.Equal(unitsAfter, w.Vault.Units);
        Assert.Equal(UFix64.Zero, w.Vault.Leftover);
    }

    [Fact]
    public void A_vault_that_cannot_cover_returns_all_it_has()
    {
        var w = new World();
        w.Deposit("1000");
        UFix64 all = w.Vault.MinimumAvailable();
        Assert.True(all < U("1000"));
        Vault got = w.Vault.WithdrawAvailable(U("10000"));
        Assert.Equal(new Vault("MOET", all), got);
        Assert.Equal(UFix64.Zero, w.Vault.Units);
        Assert.Equal(UFix64.Zero, w.Vault.MinimumAvailable());
        Assert.Equal(Vault.Empty("MOET"), w.Vault.WithdrawAvailable(U("1")));
    }

    [Fact]
    public void Every_token_is_conserved_through_deposit_accrue_withdraw()
    {
        var w = new World();
        UFix64 moet = w.Total("MOET"), yt = w.Total("YT");
        w.Deposit("1000");
        Assert.Equal((moet, yt), (w.Total("MOET"), w.Total("YT")));
        w.Vault.Accrue(T0 + Year);
        Assert.Equal((moet, yt), (w.Total("MOET"), w.Total("YT")));
        w.Deposit("250.5");
        w.Vault.Accrue(T0 + Year + U("12345.678"));
        Vault got = w.Vault.WithdrawAvailable(U("700"));
        Assert.Equal(U("700"), got.Amount);
        w.Book.Credit("alice", "MOET", got.Amount);
        Assert.Equal((moet, yt), (w.Total("MOET"), w.Total("YT")));
        got = w.Vault.WithdrawAvailable(UFix64.Max);
        w.Book.Credit("alice", "MOET", got.Amount);
        Assert.Equal((moet, yt), (w.Total("MOET"), w.Total("YT")));
        Assert.Equal(UFix64.Zero, w.Vault.Units);
        // 1250.5 MOET in, one year at 10% on ~1000 of it: alice ends up ahead of the swap costs
        Assert.True(w.Book.Balance("alice", "MOET") > U("10000"));
    }

    [Fact]
    public void A_reverted_transaction_restores_units_accrual_time_amm_and_wallets()
    {
        var w = new World();
        w.Deposit("1000");
        var before = (w.Vault.Units, w.Vault.LastAccrual, w.Amm.Reserves("MOET", "YT"), w.Book.Balance("reserve", "YT"), w.Book.Balance("alice", "MOET"));
        Assert.Throws<ProtocolException>(() => w.Tx.Run(() =>
        {
            w.Vault.Accrue(T0 + Year);
            w.Deposit("300");
            w.Book.Credit("alice", "MOET", w.Vault.WithdrawAvailable(U("900")).Amount);
            throw new ProtocolException("boom");
        }));
        Assert.Equal(before, (w.Vault.Units, w.Vault.LastAccrual, w.Amm.Reserves("MOET", "YT"), w.Book.Balance("reserve", "YT"), w.Book.Balance("alice", "MOET")));
        Assert.Equal(UFix64.Zero, w.Vault.Leftover);
    }

    [Fact]
    public void A_clock_accrues_before_deposits_so_new_units_earn_only_from_then()
    {
        var tx = new TransactionContext();
        var book = new AccountBook(tx);
        var amm = new ConstantProductAmm(30);
        amm.SetLiquidity("MOET", U("1000000"), "YT", U("500000"));
        book.Credit("reserve", "YT", U("1000000"));
        UFix64 now = T0;
        var v = new YieldVault("c", book, tx, amm, "YT", "MOET", U("0.1"), "reserve", T0, () => now);
        v.DepositCapacity(new Vault("MOET", U("1000")));
        UFix64 first = v.Units;
        now = T0 + Year;
        v.DepositCapacity(new Vault("MOET", U("1000"))); // accrues the first lot for a year, then buys
        Assert.Equal(T0 + Year, v.LastAccrual);
        UFix64 units = v.Units;
        v.Accrue(T0 + Year);
        Assert.Equal(units, v.Units);
        Assert.True(units > first + UFix64.FromRaw(first.Raw / 10));
    }

    [Fact]
    public void Constructor_validates_its_arguments()
    {
        var tx = new TransactionContext();
        var book = new AccountBook(tx);
        var amm = new ConstantProductAmm();
        Assert.StartsWith("name:", Assert.Throws<ArgumentException>(() => new YieldVault("", book, tx, amm, "YT", "MOET", U("0.1"), "r", T0)).Message);
        Assert.StartsWith("yieldToken:", Assert.Throws<ArgumentException>(() => new YieldVault("v", book, tx, amm, "MOET", "MOET", U("0.1"), "r", T0)).Message);
        Assert.StartsWith("baseToken:", Assert.Throws<ArgumentException>(() => new YieldVault("v", book, tx, amm, "YT", " ", U("0.1"), "r", T0)).Message);
        Assert.StartsWith("yieldReserveAccount:", Assert.Throws<ArgumentException>(() => new YieldVault("v", book, tx, amm, "YT", "MOET", U("0.1"), "yield-vault:v", T0)).Message);
        Assert.StartsWith("route:", Assert.Throws<ArgumentException>(() => new YieldVault("v", book, tx, null!, "YT", "MOET", U("0.1"), "r", T0)).Message);
    }
}
