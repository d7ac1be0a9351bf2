using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace FlowAlp.Cli;

/// <summary>
/// The command-line parser's complaints as the one line a user reads: an unknown option named as such (the parser
/// would take `run --frob` as the scenario file "--frob"), else the parser's first problem (and how many more), with
/// .NET type names such as <c>System.Nullable`1[System.UInt64]</c> said in words.
/// </summary>
internal static partial class ArgumentErrors
{
    /// <summary>The one line for what is wrong with the arguments, or null when they parse.</summary>
    public static string? Find(ParseResult parsed)
    {
        var messages = parsed.Errors.Select(e => e.Message).ToList();
        if (UnknownOptions(parsed) is { Count: > 0 } unknown)
        {
            // the unknown options first: they are usually why the rest does not parse either
            var command = parsed.CommandResult.Command;
            string name = command is RootCommand ? CliHelp.Name : $"{CliHelp.Name} {command.Name}";
            messages.RemoveAll(m => unknown.Any(u => m.Contains($"'{u}'", StringComparison.Ordinal)));
            messages.InsertRange(0, unknown.Select(u => $"{name}: unknown option '{u}' (see {name} --help)"));
        }
        // a word where the command should be: said as an unknown command, not first as "Required command was not provided."
        if (parsed.CommandResult.Command is RootCommand && parsed.UnmatchedTokens.FirstOrDefault(w => !LooksLikeOption(w)) is { } word)
        {
            messages.RemoveAll(m => m.Contains($"'{word}'", StringComparison.Ordinal) || m == RequiredCommand);
            messages.Insert(0, $"{CliHelp.Name}: unknown command '{word}' (see {CliHelp.Name} --help)");
        }
        return messages.Count == 0 ? null : OneLine(messages);
    }

    private const string RequiredCommand = "Required command was not provided.";

    public static string OneLine(IReadOnlyList<string> messages)
    {
        string first = Humanize(Whitespace().Replace(messages[0], " ").Trim());
        return messages.Count == 1 ? first : $"{first} (and {messages.Count - 1} more problem{(messages.Count > 2 ? "s" : "")} with the arguments)";
    }

    /// <summary>
    /// Words that look like options ("-x", "--frob") but are none of the command's: left unmatched, or taken as a value of
    /// the command's own arguments (a scenario file named "--frob"). A value after an option ("--seed -1") is that
    /// option's, and anything after "--" is a plain argument.
    /// </summary>
    private static List<string> UnknownOptions(ParseResult parsed)
    {
        // the words before "--", as the parser classified them
        var plainWords = parsed.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash).Where(t => t.Type == TokenType.Argument).Select(t => t.Value).ToHashSet();
        var commandArguments = new List<string>();
        for (SymbolResult? r = parsed.CommandResult; r is CommandResult c; r = c.Parent)
            commandArguments.AddRange(c.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value));
        return commandArguments.Concat(parsed.UnmatchedTokens).Where(w => plainWords.Contains(w) && LooksLikeOption(w)).Distinct().ToList();
    }

    private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-' && !double.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Humanize(string message) => ExpectedType().Replace(message, m => "as " + Describe(m.Groups[1].Value));

    private static string Describe(string type) => type.Replace("System.Nullable`1[", "").TrimEnd(']') switch
    {
        "System.UInt64" => "a whole number from 0 to 18446744073709551615",
        "System.UInt32" => "a whole number from 0 to 4294967295",
        "System.Int32" => "a whole number",
        "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        "System.IO.FileInfo" => "a file path",
        _ => "a value of the expected kind",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();
}
