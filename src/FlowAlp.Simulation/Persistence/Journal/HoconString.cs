using System.Globalization;
using System.Text;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A value spliced into HOCON as a quoted string (JSON escapes: quote, backslash, control characters), so a value
/// that holds a '"', '}' or a newline (a connection string, a path) stays one value and cannot add configuration.
/// </summary>
public static class HoconString
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
