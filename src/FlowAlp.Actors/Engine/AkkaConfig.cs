using Akka.Configuration;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Engine;

/// <summary>The engine's HOCON: a dedicated dispatcher of a fixed thread count, the compact mailbox for per-position actors, Serilog as Akka's logger, no real-time timers in logic.</summary>
public static class AkkaConfig
{
    public const string Dispatcher = "flowalp-dispatcher";

    /// <summary>
    /// Akka's log events go to Serilog's global logger (Akka.Logger.Serilog; configure Serilog.Log.Logger before the
    /// ActorSystem is created), with named template properties kept structured by its message formatter.
    /// </summary>
    public const string SerilogLoggers = """
        loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
        logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
        """;

    public static Config For(EngineSettings s) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = {{s.LogLevel}}
          stdout-loglevel = OFF
          {{SerilogLoggers}}
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
