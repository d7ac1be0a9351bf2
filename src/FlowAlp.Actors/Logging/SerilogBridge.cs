using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using LogEventLevel = Serilog.Events.LogEventLevel;

namespace FlowAlp.Actors.Logging;

/// <summary>
/// Akka's logger, writing to Serilog (Akka.Logger.Serilog is not available here). Akka keeps the message template and
/// its arguments, so properties stay structured. Configure Serilog.Log.Logger before creating the ActorSystem.
/// </summary>
public sealed class SerilogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public SerilogBridge()
    {
        Receive<Debug>(e => Write(LogEventLevel.Debug, e));
        Receive<Info>(e => Write(LogEventLevel.Information, e));
        Receive<Warning>(e => Write(LogEventLevel.Warning, e));
        Receive<Error>(e => Write(LogEventLevel.Error, e));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    private static void Write(LogEventLevel level, LogEvent e) =>
        Serilog.Log.Logger
            .ForContext("SourceContext", e.LogClass == null || e.LogClass.Name == "DummyClassForStringSources" ? e.LogSource : e.LogClass.FullName)
            .ForContext("AkkaSource", e.LogSource)
            .Write(level, e.Cause, e.GetTemplate(), e.GetParameters().ToArray());
}
