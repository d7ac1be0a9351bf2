using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>
/// Messages of one kind (<see cref="Message"/>) meet <see cref="Fate"/> (drop, duplicate, delay by <see cref="DelaySteps"/>
/// steps) at <see cref="Rate"/> for the window; rebalancer messages may be limited to a population, price reports to a token.
/// </summary>
internal sealed record MessageChannelFault(MessageKind Message, MessageFate Fate, double Rate, int DelaySteps, string? Population, string? Token) : Fault
{
    public const string Name = "messageFault";

    /// <summary>The messages it can hit and what can happen to them, by scenario name (in the order errors list them).</summary>
    public static readonly (string Name, MessageKind Kind)[] Messages =
        [("rebalanceDue", MessageKind.RebalanceDue), ("rebalancerReady", MessageKind.RebalancerReady), ("priceReport", MessageKind.PriceReport), ("liquidationOffers", MessageKind.LiquidationOffers)];
    public static readonly (string Name, MessageFate Fate)[] Fates = [("drop", MessageFate.Drop), ("duplicate", MessageFate.Duplicate), ("delay", MessageFate.Delay)];

    public override string Kind => Name;

    internal static MessageChannelFault Parse(FaultReader r)
    {
        string m = r.OneOf("message", "", [.. Messages.Select(x => x.Name)]), a = r.OneOf("action", "", [.. Fates.Select(x => x.Name)]);
        var message = Messages.First(x => x.Name == m).Kind;
        var fate = Fates.First(x => x.Name == a).Fate;
        double rate = r.Double("rate", 1, 0, 1);
        int delaySteps = fate == MessageFate.Delay ? (int)r.Integer("delaySteps", 1, 1, 1_000_000) : 0;
        string? population = message is MessageKind.RebalanceDue or MessageKind.RebalancerReady ? r.Population() : null;
        string? token = message == MessageKind.PriceReport && r.Has("token") ? r.Token() : null;
        return new(message, fate, rate, delaySteps, population, token);
    }

    internal override void Schedule(FaultPlan p)
    {
        var rule = new MessageFaultRule(Index, Message, Fate, (uint)Math.Round(Rate * 1_000_000), (ulong)DelaySteps * p.Scenario.StepSeconds, p.Seed(),
            Population is null ? null : p.Borrowers(Population).Select(a => a.Position).ToHashSet(), Token);
        p.Window(new MessageFault(rule, true), new MessageFault(rule, false));
    }
}
