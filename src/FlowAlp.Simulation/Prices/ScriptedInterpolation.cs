namespace FlowAlp.Simulation.Prices;

/// <summary>How a <see cref="ScriptedPath"/> moves between its points.</summary>
public enum ScriptedInterpolation
{
    /// <summary>Straight line in price between consecutive points.</summary>
    Linear,

    /// <summary>The last point at or before the time holds until the next point.</summary>
    Step,
}
