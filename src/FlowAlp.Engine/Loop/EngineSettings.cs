
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Loop;

/// <summary>
/// How the engine's ActorSystem runs. <see cref="DispatcherThreads"/> sizes the dedicated thread pool every engine
/// actor runs on; results never depend on it (the determinism tests run 1, 2 and 8). <see cref="WakeEveryone"/> turns
/// off the screen of who must act (every due rebalancer's position is messaged): the same event log, more messages.
/// </summary>
public sealed record EngineSettings(int DispatcherThreads = 2, string LogLevel = "WARNING", string SystemName = "flowalp", EventLogOptions? EventLog = null,
    bool WakeEveryone = false)
{
    public void Validate()
    {
        if (DispatcherThreads is < 1 or > 256) throw new ArgumentException($"dispatcherThreads: must be between 1 and 256, got {DispatcherThreads}");
    }
}
