using System.Text.RegularExpressions;

namespace FlowAlp.Cli;

/// <summary>
/// The command-line parser's complaints as the one line a user reads: the first problem (and how many more), with
/// .NET type names such as <c>System.Nullable`1[System.UInt64]</c> said in words.
/// </summary>
internal static partial class ArgumentErrors
{
    public static string OneLine(IReadOnlyList<string> messages)
    {
        string first = Humanize(Whitespace().Replace(messages[0], " ").Trim());
        return messages.Count == 1 ? first : $"{first} (and {messages.Count - 1} more problem{(messages.Count > 2 ? "s" : "")} with the arguments)";
    }

    private static string Humanize(string message) => ExpectedType().Replace(message, m => "as " + Describe(m.Groups[1].Value));

    private static string Describe(string type) => type.Replace("System.Nullable`1[", "").TrimEnd(']') switch
    {
        "System.UInt64" => "a whole number from 0 to 18446744073709551615",
        "System.UInt32" => "a whole number from 0 to 4294967295",
        "System.Int32" => "a whole number",
        "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        _ => "a value of the expected kind",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();
}
