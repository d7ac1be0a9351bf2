namespace FlowAlp.Simulation.Running;

/// <summary>One agent of a population: its position in the pool (borrowers and LPs have one) and its wallet account.</summary>
public sealed record Agent(string Population, int Index, string Account, long Position, bool IsLp);
