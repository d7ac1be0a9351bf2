using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Protocol.Tests.Rebalancing;

/// <summary>
/// The set-up of paid_auto_balance_test.cdc in virtual time: S0 pool, one position of 200 FLOW with no connectors
/// (so its rebalance is a no-op), the admin holding 1000 FLOW as the paid rebalancers' txFunder.
/// </summary>
internal sealed class RebalancerFixture
{
    public TransactionContext Tx { get; } = new();
    public SettableOracle Oracle { get; } = new("MOET");
    public AccountBook Wallets { get; }
    public Pool Pool { get; }
    public RebalancerEventLog Events { get; }
    public RebalanceScheduler Scheduler { get; }
    public TxFunder AdminFunder { get; }
    public PaidRebalancerRegistry Paid { get; }
    public RebalanceSupervisor Supervisor { get; }
    public long Position { get; }

    public RebalancerFixture(ulong startAt = 0)
    {
        Wallets = new AccountBook(Tx);
        Pool = new Pool(Tx, Oracle, new FixedRatioDex());
        Pool.AddSupportedToken(new TokenSettings("FLOW", U("0.8"), U("1.0"), new FixedCurve(UFix128.Zero), U("1000000"), U("1000000")));
        Oracle.Set("FLOW", U("1"));
        Wallets.Credit("admin", "FLOW", U("1000"));
        Position = Pool.CreatePosition(new Vault("FLOW", U("100")), null, null, false);
        Pool.Deposit(Position, new Vault("FLOW", U("100")), false);
        Events = new RebalancerEventLog(Tx);
        Scheduler = new RebalanceScheduler(Tx, () => Pool.Now, Events);
        AdminFunder = new TxFunder(new WalletSource(Wallets, "admin", "FLOW"), new WalletSink(Wallets, "admin", "FLOW"));
        Paid = new PaidRebalancerRegistry(Scheduler, RecurringConfig.PaidDefault(AdminFunder));
        Supervisor = new RebalanceSupervisor(Scheduler, Paid);
        if (startAt > 0) Advance(startAt);
    }

    public static UFix64 U(string s) => UFix64.Parse(s);

    /// <summary>Test.moveTime + commitBlock: move the clock, then execute what fell due.</summary>
    public int Advance(ulong seconds)
    {
        Pool.AdvanceTo(Pool.Now + UFix64.FromInteger(seconds));
        return Scheduler.RunDue(Pool.Now);
    }

    public int Count<T>() where T : RebalancerEvent => Events.Events.OfType<T>().Count();
    public UFix64 AdminFlow => Wallets.Balance("admin", "FLOW");

    public void DrainAdmin() => Tx.Run(() => Wallets.Debit("admin", "FLOW", AdminFlow));
}
