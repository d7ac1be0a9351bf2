using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;

namespace FlowAlp.Protocol.Tests.Interest;

/// <summary>
/// Spec vectors CV-58, CV-59 and CV-61 (no shared script): interest accrual and rate segmentation, asserted with the
/// Cadence tests' own bounds (the emulator's clock drift is why those tests use ranges).
/// </summary>
public class InterestVectorTests
{
    private const ulong Day = 86_400;
    private readonly TransactionContext _tx = new();
    private readonly SettableOracle _oracle = new("MOET");
    private readonly FixedRatioDex _dex = new();
    private readonly AccountBook _wallets;
    private readonly Pool _pool;

    public InterestVectorTests()
    {
        _wallets = new AccountBook(_tx);
        _pool = new Pool(_tx, _oracle, _dex);
        _pool.AddSupportedToken(new TokenSettings("FLOW", U("0.8"), U("1.0"), new FixedCurve(UFix128.Zero), U("1000000"), U("1000000")));
        _oracle.Set("FLOW", U("1"));
        _dex.SetRatio("MOET", "MOET", U("1"));
        _dex.SetRatio("FLOW", "MOET", U("1"));
    }

    private static UFix64 U(string s) => UFix64.Parse(s);
    private static UFix128 W(string s) => UFix128.Parse(s);
    private void Advance(ulong seconds) => _pool.AdvanceTo(_pool.Now + UFix64.FromInteger(seconds));
    private decimal Amount(long pid, string token) =>
        decimal.Parse(_pool.GetPositionDetails(pid).Balances.Single(b => b.Token == token).Amount.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private long Open(string owner, string token, string amount, bool push)
    {
        _wallets.Credit(owner, token, U(amount));
        _wallets.Debit(owner, token, U(amount));
        return _pool.CreatePosition(new Vault(token, U(amount)), new WalletSink(_wallets, owner, "MOET"), new WalletSource(_wallets, owner, "MOET"), push);
    }

    [Fact]
    public void CV58_rapid_curve_changes_do_not_double_count_interest()
    {
        Open("lp", "MOET", "50000", push: false);
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.05")));
        long b = Open("b", "FLOW", "10000", push: true);
        decimal before = Amount(b, "MOET");
        foreach (var rate in new[] { "0.15", "0.10", "0.05" })
        {
            Advance(1); // one block each
            _pool.SetInterestCurve("MOET", new FixedCurve(W(rate)));
        }
        decimal growth = Amount(b, "MOET") - before;
        Assert.InRange(growth, 0m, 0.001m);
        Assert.True(growth / before < 0.0001m);
    }

    [Fact]
    public void CV59_credit_rate_follows_the_fixed_curve_minus_the_fee_share()
    {
        long lp = Open("lp", "MOET", "50000", push: false);
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.08")));
        _pool.SetInsuranceRate("MOET", U("0.001")); // + default stability 0.05 = 0.051
        Open("b", "FLOW", "10000", push: true);
        var ts = _pool.TokenStateOf("MOET");
        Assert.Equal(FixedMath.PerSecondRate(W("0.07592")), ts.CurrentCreditRate);
        decimal before = Amount(lp, "MOET");
        Advance(30 * Day);
        decimal after = Amount(lp, "MOET");
        Assert.InRange((after - before) / before, 0.0062552m - 0.0001m, 0.0062552m + 0.0001m);
    }

    [Fact]
    public void CV61_moet_debt_grows_within_bounds_and_health_falls()
    {
        Open("lp", "MOET", "50000", push: false);
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.04")));
        long b = Open("b", "FLOW", "1000", push: true);
        decimal debt0 = Amount(b, "MOET");
        var hf0 = _pool.PositionHealth(b);
        Advance(30 * Day);
        decimal growth = (Amount(b, "MOET") - debt0) / debt0;
        Assert.InRange(growth, 0.002m, 0.015m);
        Assert.True(_pool.PositionHealth(b) < hf0);
    }

    [Fact]
    public void CV61_moet_lender_credit_grows_within_bounds()
    {
        long lp = Open("lp", "MOET", "50000", push: false);
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.04")));
        _pool.SetInsuranceRate("MOET", U("0.01"));
        Open("b", "FLOW", "1000", push: true);
        decimal c0 = Amount(lp, "MOET");
        Advance(30 * Day);
        Assert.InRange((Amount(lp, "MOET") - c0) / c0, 0.001m, 0.005m);
    }

    [Fact]
    public void CV61_flow_kink_debt_at_40pct_utilization_and_lender_earns_less_than_borrower_pays()
    {
        _pool.SetInterestCurve("FLOW", new KinkCurve(W("0.45"), W("0"), W("0.04"), W("3.0")));
        long lp = Open("lp", "FLOW", "10000", push: false);
        long b = Open("b", "MOET", "20000", push: false);
        _wallets.Open("b");
        _pool.Withdraw(b, "FLOW", U("4000")); // 40 % utilization
        decimal debt0 = Amount(b, "FLOW"), credit0 = Amount(lp, "FLOW");
        Advance(30 * Day);
        decimal debtGrowth = (Amount(b, "FLOW") - debt0) / debt0;
        decimal creditGrowth = (Amount(lp, "FLOW") - credit0) / credit0;
        Assert.InRange(debtGrowth, 0.002m, 0.010m);
        Assert.True(creditGrowth < debtGrowth);
        Assert.True(creditGrowth > 0m);
    }

    [Fact]
    public void CV61_one_year_spread_between_debt_and_credit_growth_with_fixed_10pct()
    {
        long lp = Open("lp", "MOET", "50000", push: false);
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.10")));
        _pool.SetInsuranceRate("MOET", U("0.01"));
        long b = Open("b", "FLOW", "10000", push: true);
        decimal d0 = Amount(b, "MOET"), c0 = Amount(lp, "MOET");
        Advance(31_557_600);
        decimal spread = (Amount(b, "MOET") - d0) / d0 - (Amount(lp, "MOET") - c0) / c0;
        Assert.InRange(spread, 0.005m, 0.02m);
    }

    [Fact]
    public void CV61_moet_collateral_flow_debt_borrower_health_rises_when_collateral_interest_exceeds_debt_interest()
    {
        _pool.SetInterestCurve("MOET", new FixedCurve(W("0.10")));
        _pool.SetInterestCurve("FLOW", new FixedCurve(W("0.02")));
        Open("lp", "FLOW", "10000", push: false);
        long b = Open("b", "MOET", "10000", push: false);
        _wallets.Open("b");
        _pool.Withdraw(b, "FLOW", U("2000"));
        var hf0 = _pool.PositionHealth(b);
        Advance(30 * Day);
        Assert.True(_pool.PositionHealth(b) > hf0);
    }
}
