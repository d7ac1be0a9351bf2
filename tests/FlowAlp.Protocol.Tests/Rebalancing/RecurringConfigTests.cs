using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Protocol.Tests.Rebalancing;

/// <summary>RecurringConfig's preconditions and the fee model (spec §4.8).</summary>
public class RecurringConfigTests
{
    private static readonly AccountBook Wallets = new(new Atomicity.TransactionContext());
    private static readonly TxFunder Flow = new(new WalletSource(Wallets, "a", "FLOW"), new WalletSink(Wallets, "a", "FLOW"));
    private static readonly UFix64 Margin = UFix64.Parse("1.05");

    [Theory]
    [InlineData(0UL, SchedulerPriority.Medium, 1000UL, "Invalid interval")]
    [InlineData(100UL, SchedulerPriority.High, 1000UL, "Invalid priority")]
    [InlineData(100UL, SchedulerPriority.Low, 9UL, "Invalid execution effort")]
    [InlineData(100UL, SchedulerPriority.Low, 10000UL, "Invalid execution effort")]
    public void Invalid_fields_are_rejected_by_name(ulong interval, SchedulerPriority priority, ulong effort, string reason)
    {
        var e = Assert.Throws<ProtocolException>(() => RecurringConfig.Create(interval, priority, effort, Margin, false, Flow));
        Assert.StartsWith(reason, e.Reason);
    }

    [Fact]
    public void Funder_must_give_and_take_FLOW()
    {
        var moet = new TxFunder(new WalletSource(Wallets, "a", "MOET"), Flow.Sink);
        Assert.StartsWith("Invalid txFunder: MOET - must provide FLOW",
            Assert.Throws<ProtocolException>(() => RecurringConfig.Create(100, SchedulerPriority.Low, 1000, Margin, false, moet)).Reason);
        var sink = Flow with { Sink = new WalletSink(Wallets, "a", "MOET") };
        Assert.StartsWith("Invalid txFunder: MOET - must accept FLOW",
            Assert.Throws<ProtocolException>(() => RecurringConfig.Create(100, SchedulerPriority.Low, 1000, Margin, false, sink)).Reason);
    }

    [Fact]
    public void Fee_of_the_paid_default_config()
    {
        var c = RecurringConfig.PaidDefault(Flow);
        var s = SchedulerConfig.Default;
        // computeFees(1.0, 0.00001) = 0.000001 + 0.00001 × 4.99 = 0.0000509; × 5 (Medium) + 0.00001
        Assert.Equal("0.00005090", SchedulerFees.ComputeFees(s, UFix64.One, UFix64.Parse("0.00001")).ToString());
        Assert.Equal("0.00026450", SchedulerFees.Fee(s, SchedulerPriority.Medium, 1000).ToString());
        Assert.Equal("0.00027772", SchedulerFees.FeeWithMargin(s, c).ToString()); // 0.000277725 truncated
        Assert.Equal("0.00011180", SchedulerFees.Fee(s, SchedulerPriority.Low, 1000).ToString());
    }

    [Fact]
    public void Fee_parameters_are_configurable()
    {
        var s = SchedulerConfig.Default with { ExecutionEffortCost = UFix64.Zero, InclusionEffortCost = UFix64.Zero };
        Assert.Equal(SchedulerFees.InclusionAddOn, SchedulerFees.Fee(s, SchedulerPriority.Medium, 1000));
    }
}
