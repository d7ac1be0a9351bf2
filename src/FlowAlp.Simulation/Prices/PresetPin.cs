namespace FlowAlp.Simulation.Prices;

/// <summary>A point of a <see cref="HistoricalPreset"/>: seconds from the preset's start and price as a fraction of the start price.</summary>
public readonly record struct PresetPin(ulong TimeSeconds, double Fraction);
