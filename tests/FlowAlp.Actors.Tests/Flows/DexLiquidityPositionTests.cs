using FlowAlp.Actors.Dex;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Flows;

namespace FlowAlp.Actors.Tests.Flows;

public class DexLiquidityPositionTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);

    private sealed class World
    {
        public readonly TransactionContext Tx = new();
        public readonly AccountBook Book;
        public readonly ConstantProductAmm Amm = new(30);
        public readonly DexLiquidityPosition Lp;

        public World()
        {
            Book = new AccountBook(Tx);
            Amm.SetLiquidity("FLOW", U("10000"), "MOET", U("40000"));
            Book.Credit("alice", "MOET", U("10000"));
            Lp = new DexLiquidityPosition("lp1", Book, Tx, Amm, "FLOW", "MOET");
        }

        public UFix64 Total(string token)
        {
            UFix64 t = UFix64.Zero;
            foreach (var a in Book.Accounts) t += Book.Balance(a, token);
            var r = Amm.Reserves("FLOW", "MOET");
            return t + (r is not { } x ? UFix64.Zero : token == "FLOW" ? x.In : token == "MOET" ? x.Out : UFix64.Zero);
        }

        public UFix64 Deposit(UFix64 amount)
        {
            Book.Debit("alice", "MOET", amount);
            UFix64 taken = Lp.DepositCapacity(new Vault("MOET", amount));
            Book.Credit("alice", "MOET", amount - taken);
            return taken;
        }

        public UFix64 Withdraw(UFix64 max)
        {
            Vault v = Lp.WithdrawAvailable(max);
            Assert.Equal("MOET", v.Token);
            Assert.True(v.Amount <= max);
            Book.Credit("alice", "MOET", v.Amount);
            return v.Amount;
        }
    }

    [Fact]
    public void Deposit_zaps_about_half_and_holds_the_lp_shares()
    {
        var w = new World();
        UFix64 total0 = w.Amm.TotalShares("FLOW", "MOET");
        Assert.Equal(U("1000"), w.Deposit(U("1000")));
        Assert.True(w.Lp.Shares > UFix64.Zero);
        Assert.Equal(total0 + w.Lp.Shares, w.Amm.TotalShares("FLOW", "MOET"));
        // the zap leaves (almost) nothing over: refunds are dust at most
        Assert.True(w.Lp.LeftoverBase <= U("0.00001"), $"base leftover {w.Lp.LeftoverBase}");
        Assert.True(w.Lp.LeftoverPaired <= U("0.00001"), $"paired leftover {w.Lp.LeftoverPaired}");
        // the pool (supply sqrt(10000·40000) = 20000) was worth 80000 MOET: 1000 MOET buys just under 250 shares
        Assert.InRange(w.Lp.Shares.Raw, U("248").Raw, U("250").Raw);
        UFix64 value = w.Lp.MinimumAvailable();
        Assert.InRange(value.Raw, U("993").Raw, U("1000").Raw);
        Assert.Equal("MOET", w.Lp.TokenType);
        Assert.Equal(UFix64.Max, w.Lp.MinimumCapacity());
    }

    [Fact]
    public void Round_trip_loses_only_fees_and_slippage_and_conserves_every_token()
    {
        var w = new World();
        UFix64 moet = w.Total("MOET"), flow = w.Total("FLOW");
        w.Deposit(U("1000"));
        Assert.Equal((moet, flow), (w.Total("MOET"), w.Total("FLOW")));

        UFix64 part = w.Withdraw(U("300"));
        Assert.Equal(U("300"), part);
        Assert.Equal((moet, flow), (w.Total("MOET"), w.Total("FLOW")));
        Assert.True(w.Lp.Shares > UFix64.Zero);

        UFix64 estimate = w.Lp.MinimumAvailable();
        UFix64 rest = w.Withdraw(UFix64.Max);
        Assert.Equal(estimate, rest);
        Assert.Equal((moet, flow), (w.Total("MOET"), w.Total("FLOW")));
        Assert.Equal(UFix64.Zero, w.Lp.Shares);
        Assert.Equal(UFix64.Zero, w.Lp.LeftoverBase);
        Assert.Equal(UFix64.Zero, w.Lp.LeftoverPaired);
        Assert.Equal(w.Amm.GenesisShares("FLOW", "MOET"), w.Amm.TotalShares("FLOW", "MOET"));

        // two 0.3% swaps of about half the amount each: the loss is about 3 MOET, never a gain
        UFix64 back = part + rest;
        UFix64 loss = U("1000") - back;
        Assert.InRange(loss.Raw, U("2.5").Raw, U("4").Raw);
        Assert.Equal(U("10000") - loss, w.Book.Balance("alice", "MOET"));
    }

    [Fact]
    public void Partial_withdraw_burns_the_fewest_shares_that_cover_it()
    {
        var w = new World();
        w.Deposit(U("1000"));
        UFix64 shares = w.Lp.Shares;
        // replay what the position does first on a copy: sell paired leftovers, pay base leftovers
        var view = w.Amm.Copy();
        UFix64 cash = w.Lp.LeftoverBase;
        if (!w.Lp.LeftoverPaired.IsZero) cash += view.Swap("FLOW", "MOET", w.Lp.LeftoverPaired).Amount;
        UFix64 need = U("100") - cash;

        Assert.Equal(U("100"), w.Withdraw(U("100")));
        UFix64 burnt = shares - w.Lp.Shares;
        UFix64 payout = view.QuoteRemoveLiquiditySingle("MOET", "FLOW", burnt);
        Assert.True(payout >= need);
        Assert.True(view.QuoteRemoveLiquiditySingle("MOET", "FLOW", burnt - UFix64.Epsilon) < need); // one raw share fewer falls short
        Assert.InRange(burnt.Raw, shares.Raw * 9 / 100, shares.Raw * 11 / 100);
        // what the sale gave beyond 100 stays as a base leftover, paid first next time
        Assert.Equal(payout - need, w.Lp.LeftoverBase);
        Assert.Equal(UFix64.Zero, w.Lp.LeftoverPaired);
    }

    [Fact]
    public void Sink_takes_nothing_of_another_token_dust_or_without_a_pool()
    {
        var w = new World();
        Assert.Equal(UFix64.Zero, w.Lp.DepositCapacity(new Vault("FLOW", U("10"))));
        Assert.Equal(UFix64.Zero, w.Lp.DepositCapacity(new Vault("MOET", UFix64.Epsilon)));
        Assert.Equal(UFix64.Zero, w.Lp.Shares);
        var tx = new TransactionContext();
        var lone = new DexLiquidityPosition("x", new AccountBook(tx), tx, new ConstantProductAmm(), "FLOW", "MOET");
        Assert.Equal(UFix64.Zero, lone.DepositCapacity(new Vault("MOET", U("10"))));
        Assert.Equal(UFix64.Zero, lone.MinimumAvailable());
        Assert.Equal(Vault.Empty("MOET"), lone.WithdrawAvailable(U("10")));
    }

    [Fact]
    public void A_reverted_transaction_restores_shares_leftovers_amm_and_wallets()
    {
        var w = new World();
        w.Deposit(U("1000"));
        var before = (w.Lp.Shares, w.Lp.LeftoverBase, w.Lp.LeftoverPaired, w.Amm.Reserves("FLOW", "MOET"), w.Amm.TotalShares("FLOW", "MOET"), w.Book.Balance("alice", "MOET"));
        Assert.Throws<ProtocolException>(() => w.Tx.Run(() =>
        {
            w.Deposit(U("500"));
            w.Withdraw(U("1200"));
            throw new ProtocolException("boom");
        }));
        Assert.Equal(before, (w.Lp.Shares, w.Lp.LeftoverBase, w.Lp.LeftoverPaired, w.Amm.Reserves("FLOW", "MOET"), w.Amm.TotalShares("FLOW", "MOET"), w.Book.Balance("alice", "MOET")));
    }

    [Fact]
    public void Constructor_validates_its_arguments()
    {
        var tx = new TransactionContext();
        var book = new AccountBook(tx);
        Assert.StartsWith("name:", Assert.Throws<ArgumentException>(() => new DexLiquidityPosition(" ", book, tx, new ConstantProductAmm(), "FLOW", "MOET")).Message);
        Assert.StartsWith("pairedToken:", Assert.Throws<ArgumentException>(() => new DexLiquidityPosition("p", book, tx, new ConstantProductAmm(), "MOET", "MOET")).Message);
        Assert.StartsWith("amm:", Assert.Throws<ArgumentException>(() => new DexLiquidityPosition("p", book, tx, null!, "FLOW", "MOET")).Message);
        var other = new ConstantProductAmm();
        other.JoinTransactions(new TransactionContext());
        Assert.StartsWith("tx:", Assert.Throws<ArgumentException>(() => new DexLiquidityPosition("p", book, tx, other, "FLOW", "MOET")).Message);
    }
}
