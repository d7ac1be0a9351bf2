using System.Globalization;
using System.Text.RegularExpressions;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Optimization;

/// <summary>A scenario field an optimisation sets from the searched value x: <c>Scale·x + Offset</c> (x itself for the searched field).</summary>
public sealed record ParameterField(string Path, decimal Scale, decimal Offset, string Expression)
{
    public decimal At(decimal x) => Scale * x + Offset;
}

/// <summary>
/// The parameter <c>flowalp optimize</c> searches (untrusted text from the command line): the first <c>--param</c> is
/// a bare path (x, the searched value), every further one <c>PATH=EXPR</c> with EXPR linear in x (<c>x</c>,
/// <c>x+0.3</c>, <c>x-0.05</c>, <c>2*x</c>, <c>1.5*x+0.1</c>), so several fields move together: an initial health band
/// <c>[x, x+0.3]</c> is <c>--param populations[1].health.initial.min --param populations[1].health.initial.max=x+0.3</c>.
/// Arithmetic is decimal, so a value is written as typed (1.0375, not 1.0374999999).
/// </summary>
public sealed partial record OptimizeParameter(IReadOnlyList<ParameterField> Fields)
{
    public string Path => Fields[0].Path;

    public static OptimizeParameter Parse(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) throw Bad("give the parameter to search: --param PATH (e.g. populations[1].health.initial.min)");
        var fields = new List<ParameterField>();
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i].Trim();
            int eq = text.IndexOf('=');
            string path = (eq < 0 ? text : text[..eq]).Trim(), expr = eq < 0 ? "x" : text[(eq + 1)..].Trim();
            if (path.Length == 0) throw Bad($"'{texts[i]}' must look like PATH or PATH=EXPR (EXPR e.g. x+0.3)");
            var m = Linear().Match(expr);
            if (!m.Success) throw Bad($"'{texts[i]}': '{expr}' is not x, x+C, x-C, K*x or K*x+C (K, C plain decimals)");
            decimal scale = m.Groups["k"].Success ? Decimal(texts[i], m.Groups["k"].Value) : 1m, offset = m.Groups["c"].Success ? Decimal(texts[i], m.Groups["c"].Value) : 0m;
            if (m.Groups["sign"].Value == "-") offset = -offset;
            if (scale == 0) throw Bad($"'{texts[i]}': a field multiplied by 0 does not follow x (give it with --set)");
            if (i == 0 && (scale != 1 || offset != 0)) throw Bad($"'{texts[i]}': the first --param is the searched value x itself: a bare path (the others may be PATH=EXPR)");
            if (fields.Any(f => f.Path == path)) throw Bad($"'{path}' is given twice");
            fields.Add(new ParameterField(path, scale, offset, expr));
        }
        return new OptimizeParameter(fields);
    }

    /// <summary>The scenario overrides at x (path, value as text), the searched field first.</summary>
    public IReadOnlyList<(string Path, string Value)> Overrides(decimal x) => Fields.Select(f => (f.Path, Text(f.At(x)))).ToList();

    /// <summary>A decimal as JSON number text, without trailing zeros ("1.05", "2").</summary>
    public static string Text(decimal v) => v.ToString("0.############################", CultureInfo.InvariantCulture);

    private static decimal Decimal(string text, string number) =>
        decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d) ? d : throw Bad($"'{text}': '{number}' is not a plain decimal");

    private static ScenarioException Bad(string reason) => ScenarioException.Argument("param", reason);

    [GeneratedRegex(@"^(?:(?<k>[0-9]*\.?[0-9]+)\s*\*\s*)?x(?:\s*(?<sign>[+-])\s*(?<c>[0-9]*\.?[0-9]+))?$")]
    private static partial Regex Linear();
}
