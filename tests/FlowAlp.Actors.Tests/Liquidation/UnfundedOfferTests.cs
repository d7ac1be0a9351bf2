using FlowAlp.Engine.Core;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;

namespace FlowAlp.Actors.Tests.Liquidation;

/// <summary>
/// An offer its liquidator cannot pay is refused with the account book's reason written straight into the event log
/// (no string per refusal): the same line as the reason-returning path, and the same text as Debit's exception.
/// alice's 1000 FLOW borrowed MOET to health 1.3 at FLOW = 1; FLOW then fell to 0.7 (health ≈ 0.91); liq-a holds 5 MOET.
/// </summary>
public class UnfundedOfferTests
{
    private const string Setup = """
    { "pool": { "defaultToken": "MOET" },
      "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0" },
                    "depositRate": "1000000", "depositCapacityCap": "1000000" } ],
      "prices": { "FLOW": "1.0" }, "dexPrices": { "FLOW/MOET": "1.0" },
      "accounts": { "alice": { "FLOW": "1000" }, "liq-a": { "MOET": "5" } },
      "steps": [
        { "op": "createPosition", "as": "alice", "deposit": { "token": "FLOW", "amount": "1000" }, "pushToDrawDownSink": true, "drawDownSink": "alice" },
        { "op": "setPrice", "token": "FLOW", "price": "0.7" },
        { "op": "setDexPrice", "pair": "FLOW/MOET", "price": "0.7" }
      ] }
    """;

    private static PoolCore Start()
    {
        var script = ScriptParser.Parse(Setup);
        var core = new PoolCore(script);
        foreach (var step in script.Steps) core.ApplyScriptStep(step);
        return core;
    }

    private static readonly LiquidationOffer TooBig = new("keeper-1", 0, "MOET", UFix64.Parse("100.5"), "FLOW", UFix64.Parse("140"), 0);

    [Fact]
    public void The_verdict_only_path_logs_the_same_refusal_as_the_reason_path()
    {
        var (withReason, verdictOnly) = (Start(), Start());
        string? reason = withReason.Liquidations.Apply(TooBig, "liq-a");
        bool applied = verdictOnly.Liquidations.TryApply(TooBig, "liq-a");

        Assert.False(applied);
        Assert.Equal("account liq-a holds 5.00000000 MOET, less than 100.50000000", reason);
        Assert.Equal(withReason.Log.Lines, verdictOnly.Log.Lines);
        Assert.EndsWith("""{"type":"LiquidationOfferRejected","liquidator":"keeper-1","position":0,"reason":"account liq-a holds 5.00000000 MOET, less than 100.50000000"}}""",
            verdictOnly.Log.Lines[^1]);
        Assert.Equal((1L, 0L), (verdictOnly.Counters.LiquidationsRejected, verdictOnly.Counters.LiquidationsApplied));
        Assert.Equal(UFix64.FromInteger(5), verdictOnly.World.Accounts.Balance("liq-a", "MOET"));
    }

    [Theory]
    [InlineData("liq-a", "MOET", "5", "100.5")]
    [InlineData("", "X", "0", "0.00000001")]
    [InlineData("an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name-an-account-with-a-very-long-name", "MOET", "184467440737.09551614", "184467440737.09551615")]
    public void The_written_reason_is_debits_exception_text(string account, string token, string have, string amount)
    {
        var book = new AccountBook(new Protocol.Atomicity.TransactionContext());
        if (UFix64.Parse(have) is { IsZero: false } h) book.Credit(account, token, h);
        var need = UFix64.Parse(amount);

        Assert.True(book.Refuses(account, token, need, out var balance));
        Assert.Equal(UFix64.Parse(have), balance);
        Span<char> text = new char[AccountBook.DebitRefusalLength(account, token)];
        AccountBook.WriteDebitRefusal(text, account, balance, token, need, out int written);
        string expected = Assert.Throws<ProtocolException>(() => book.Debit(account, token, need)).Reason;
        Assert.Equal(expected, new string(text[..written]));
        Assert.Equal(expected, book.DebitRefusal(account, token, need));
        Assert.Equal($"account {account} holds {UFix64.Parse(have)} {token}, less than {need}", expected);
        Assert.Throws<ArgumentException>(() => AccountBook.WriteDebitRefusal(new char[written - 1], account, balance, token, need, out _));
    }
}
