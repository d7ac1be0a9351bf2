namespace FlowAlp.Protocol;

/// <summary>
/// The name a type's state is recorded under in a state snapshot, instead of its simple name (see the snapshot's
/// StableNames): for two state types that share a simple name in different namespaces. A snapshot never records
/// namespaces or assemblies, so types may move between them and old snapshots still restore.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Interface | AttributeTargets.Delegate, Inherited = false)]
public sealed class StateNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
