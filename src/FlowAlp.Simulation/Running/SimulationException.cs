namespace FlowAlp.Simulation.Running;

/// <summary>The scenario is valid JSON but the pool refused to set it up (e.g. a deposit above capacity): names the agent and the protocol's reason.</summary>
public sealed class SimulationException(string message) : Exception(message);
