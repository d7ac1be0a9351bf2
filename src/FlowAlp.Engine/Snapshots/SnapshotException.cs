namespace FlowAlp.Engine.Snapshots;

/// <summary>A state snapshot could not be written or read (a type it cannot hold, another state schema, a damaged payload); the message says which.</summary>
public sealed class SnapshotException(string message) : Exception(message);

/// <summary>Text taken from a snapshot, fit to quote in a one-line message: cut short, control characters shown as '?'.</summary>
internal static class SnapshotText
{
    public static string Quote(string s)
    {
        var cut = s.Length <= 80 ? s : s[..80] + "…";
        return string.Create(cut.Length, cut, (span, c) => { for (int i = 0; i < c.Length; i++) span[i] = char.IsControl(c[i]) ? '?' : c[i]; });
    }
}
