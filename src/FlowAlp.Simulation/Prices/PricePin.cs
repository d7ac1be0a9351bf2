namespace FlowAlp.Simulation.Prices;

/// <summary>A price a <see cref="BrownianBridgePath"/> must hit at a whole second from the start.</summary>
public readonly record struct PricePin(ulong TimeSeconds, double Price);
