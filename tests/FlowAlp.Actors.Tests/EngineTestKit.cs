using Akka.Configuration;
using FlowAlp.Actors.Engine;
using Xunit.Abstractions;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Tests;

/// <summary>A TestKit whose system has the engine's dispatcher and logger configuration.</summary>
public abstract class EngineTestKit(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(AkkaConfig.For(new EngineSettings()).WithFallback(ConfigurationFactory.Default()), "engine-test", output);
