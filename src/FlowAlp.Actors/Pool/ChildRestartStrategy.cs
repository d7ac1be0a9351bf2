using Akka.Actor;
using Akka.Event;
using FlowAlp.Actors.Chaos;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// What restarts and why: position, position host, rebalancer, oracle and liquidator actors hold nothing the supervisor
/// cannot give back (positions re-read their replica, hosts keep nothing, oracles re-sample a pure price path), so any
/// failure restarts the child and the message it was handling is retried; a child that cannot even be constructed is stopped.
/// How a failure is logged: a crash a chaos fault injected (<see cref="InjectedCrashException"/>) is one Warning line
/// naming the actor and the tick, its stack trace only when Akka logs at Debug (the CLI's --verbose); any other
/// failure is logged in full, as Akka does.
/// </summary>
public sealed class ChildRestartStrategy(Func<string> when, Action restarted)
    : OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, ex =>
    {
        if (ex is ActorInitializationException) return Directive.Stop;
        restarted();
        return Directive.Restart;
    })
{
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        if (cause is not InjectedCrashException crash) { base.LogFailure(context, child, cause, directive); return; }
        if (DebugLogging(context.System)) base.LogFailure(context, child, cause, directive); // --verbose: its stack trace too
        context.System.EventStream.Publish(new Warning(child.Path.ToString(), typeof(ChildRestartStrategy), InjectedLine(crash.Actor, when(), directive)));
    }

    /// <summary>Whether the system is configured to log at Debug (akka.loglevel).</summary>
    private static bool DebugLogging(ActorSystem system) => Logging.LogLevelFor(system.Settings.LogLevel) <= LogLevel.DebugLevel;

    /// <summary>The one line of an injected crash: the fault, the actor, when, and what supervision did.</summary>
    internal static string InjectedLine(string actor, string when, Directive directive) =>
        $"injected fault: crash of {actor} at {when}; {(directive == Directive.Restart ? "restarted" : directive.ToString().ToLowerInvariant())}";
}
