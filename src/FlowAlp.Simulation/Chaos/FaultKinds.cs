using System.Text.Json;
using FlowAlp.Simulation.Chaos.Faults;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// The closed set of fault kinds: the one table from a scenario's "kind" to the type that parses it. A fault is read
/// here once, at the scenario's edge (the scenario file, a fork's faults), into its typed record; nothing past this
/// point looks at kind names. To add a kind: its record in Chaos/Faults and one line here.
/// </summary>
internal static class FaultKinds
{
    private static readonly (string Name, Func<FaultReader, Fault> Parse)[] Table =
    [
        (KillActorsFault.Name, KillActorsFault.Parse),
        (SupervisorOutageFault.Name, SupervisorOutageFault.Parse),
        (OracleFreezeFault.Name, OracleFreezeFault.Parse),
        (OracleOutlierFault.Name, OracleOutlierFault.Parse),
        (OracleLeadFault.Name, OracleLeadFault.Parse),
        (OracleSpreadFault.Name, OracleSpreadFault.Parse),
        (ChainHaltFault.Name, ChainHaltFault.Parse),
        (FunderDrainedFault.Name, FunderDrainedFault.Parse),
        (SourceDryFault.Name, SourceDryFault.Parse),
        (SinkRefusesFault.Name, SinkRefusesFault.Parse),
        (VaultLossFault.Name, VaultLossFault.Parse),
        (LiquidatorsAbsentFault.Name, LiquidatorsAbsentFault.Parse),
        (DexDrainFault.Name, DexDrainFault.Parse),
        (MessageChannelFault.Name, MessageChannelFault.Parse),
        (RebalancerStretchFault.Name, RebalancerStretchFault.Parse),
        (RebalancersIneffectiveFault.Name, RebalancersIneffectiveFault.Parse),
        (LiquidatorCapitalLossFault.Name, LiquidatorCapitalLossFault.Parse),
    ];

    public static IEnumerable<string> Names => Table.Select(k => k.Name);

    /// <summary>
    /// Reads the fault at <paramref name="path"/>: its kind, when it starts ("atHours", before the run's end) and for how
    /// long ("durationHours"), then the kind's own fields; any other field is an error.
    /// </summary>
    public static Fault Parse(JsonElement e, string path, int index, ISet<string> tokens, IReadOnlyList<PopulationSpec> populations, ulong runSeconds)
    {
        var json = new JsonReader(e, path);
        string kind = json.OneOf("kind", "", Table.Select(k => k.Name).ToArray());
        ulong at = (ulong)Math.Round(json.Double("atHours", min: 0, max: ScenarioLimits.MaxDurationHours) * 3600);
        if (at >= runSeconds) throw json.Error("atHours", "must be before the end of the run");
        ulong length = (ulong)Math.Round(json.Double("durationHours", 0, 0, ScenarioLimits.MaxDurationHours) * 3600);
        var fault = Table.First(k => k.Name == kind).Parse(new FaultReader(json, kind, length, tokens, populations));
        json.Done();
        return fault with { Index = index, At = at, Duration = length };
    }
}
