using Akka.Configuration;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Engine;

/// <summary>The engine's HOCON: a dedicated dispatcher of a fixed thread count, the compact mailbox for per-position actors, the Serilog bridge, no real-time timers in logic.</summary>
public static class AkkaConfig
{
    public const string Dispatcher = "flowalp-dispatcher";

    public static Config For(EngineSettings s) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = {{s.LogLevel}}
          stdout-loglevel = OFF
          loggers = ["FlowAlp.Actors.Logging.SerilogBridge, FlowAlp.Actors"]
          actor.default-mailbox.mailbox-type = "Akka.Dispatch.UnboundedMailbox"
        }
        {{CompactMailbox.Id}}.mailbox-type = "FlowAlp.Actors.Engine.CompactMailbox, FlowAlp.Actors"
        {{Dispatcher}} {
          type = ForkJoinDispatcher
          throughput = 100
          dedicated-thread-pool { thread-count = {{s.DispatcherThreads}} }
        }
        """);
}
