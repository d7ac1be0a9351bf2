using Akka.Actor;
using Akka.Event;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Loop;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Supervision;

/// <summary>
/// How the supervisor's strategy logs a child's failure: a crash a chaos fault injected is one Warning line (the actor,
/// the tick, restarted) with no Error and no stack trace; at Debug (the CLI's --verbose) its Error with the stack trace
/// comes too; any other failure is an Error carrying its exception, as Akka logs it. Either way the child restarts.
/// </summary>
public class InjectedCrashLogTests(ITestOutputHelper output) : EngineTestKit(output)
{
    /// <summary>A parent with the supervisor's strategy, at tick 7 (t = 420 s).</summary>
    private sealed class Parent : ReceiveActor
    {
        private readonly IActorRef _child = Context.ActorOf(Props.Create(() => new Child()), "child");
        public Parent() => ReceiveAny(m => _child.Forward(m));
        protected override SupervisorStrategy SupervisorStrategy() => new ChildRestartStrategy(() => "tick 7 (t = 420 s)", () => { });
    }

    /// <summary>Throws what it is sent; answers "started" from each incarnation.</summary>
    private sealed class Child : ReceiveActor
    {
        public Child()
        {
            Receive<Exception>(e => throw e);
            Receive<string>(_ => Sender.Tell("alive"));
        }
    }

    /// <summary>Every Error and Warning the system publishes until the child answers after its restart.</summary>
    private static List<LogEvent> Crash(ActorSystem system, Akka.TestKit.TestProbe probe, Exception failure)
    {
        system.EventStream.Subscribe(probe.Ref, typeof(Error));
        system.EventStream.Subscribe(probe.Ref, typeof(Warning));
        var parent = system.ActorOf(Props.Create(() => new Parent()), "parent");
        parent.Tell(failure, probe.Ref);
        parent.Tell("ping", probe.Ref); // handled by the restarted child, after the failure was logged
        var seen = new List<LogEvent>();
        while (true)
        {
            var m = probe.ReceiveOne(TimeSpan.FromSeconds(10));
            if (m is "alive") return seen;
            Assert.True(m is LogEvent, $"unexpected {m}");
            seen.Add((LogEvent)m!);
        }
    }

    [Fact]
    public void An_injected_crash_is_one_warning_line_with_no_stack_trace()
    {
        var seen = Crash(Sys, CreateTestProbe(), new InjectedCrashException("position 3"));
        var only = Assert.Single(seen);
        Assert.IsType<Warning>(only);
        Assert.Null(only.Cause);
        Assert.Equal("injected fault: crash of position 3 at tick 7 (t = 420 s); restarted", only.Message.ToString());
        Assert.Equal("akka://engine-test/user/parent/child", only.LogSource);
        Assert.DoesNotContain('\n', only.ToString());
    }

    [Fact]
    public void A_real_crash_is_logged_in_full_as_an_error_with_its_exception()
    {
        var seen = Crash(Sys, CreateTestProbe(), new InvalidOperationException("a bug"));
        var only = Assert.Single(seen);
        var error = Assert.IsType<Error>(only);
        Assert.Equal("a bug", error.Message.ToString());
        Assert.IsType<InvalidOperationException>(error.Cause);
        Assert.Contains(" at ", error.Cause!.StackTrace); // thrown, so it carries the trace a sink prints
    }

    [Fact]
    public async Task At_debug_an_injected_crash_also_logs_its_error_with_the_stack_trace()
    {
        var system = ActorSystem.Create("verbose", AkkaConfig.For(new EngineSettings(LogLevel: "DEBUG")));
        try
        {
            var seen = Crash(system, CreateTestProbe(system), new InjectedCrashException("oracle FLOW"));
            Assert.Equal(2, seen.Count);
            var error = Assert.IsType<Error>(seen[0]);
            Assert.IsType<InjectedCrashException>(error.Cause);
            Assert.Equal("oracle FLOW: injected crash", error.Message.ToString());
            Assert.Equal("injected fault: crash of oracle FLOW at tick 7 (t = 420 s); restarted", Assert.IsType<Warning>(seen[1]).Message.ToString());
        }
        finally { await system.Terminate(); }
    }
}
