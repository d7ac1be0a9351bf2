namespace FlowAlp.Protocol.Numerics;

/// <summary>Shared decimal-text splitting for the fixed-point parsers (no culture, no exponent, no sign).</summary>
internal static class FixedText
{
    public static bool TrySplit(string? text, int decimals, out UInt128 whole, out UInt128 frac, out string error)
    {
        whole = 0; frac = 0; error = "";
        if (string.IsNullOrEmpty(text)) { error = "is empty"; return false; }
        if (text[0] == '-') { error = "must not be negative"; return false; }
        int dot = text.IndexOf('.');
        string w = dot < 0 ? text : text[..dot];
        string f = dot < 0 ? "" : text[(dot + 1)..];
        if (w.Length == 0 && f.Length == 0) { error = $"'{text}' is not a decimal number"; return false; }
        foreach (char c in w) if (c is < '0' or > '9') { error = $"'{text}' is not a decimal number"; return false; }
        foreach (char c in f) if (c is < '0' or > '9') { error = $"'{text}' is not a decimal number"; return false; }
        string fTrim = f.TrimEnd('0');
        if (fTrim.Length > decimals) { error = $"'{text}' has more than {decimals} decimal places"; return false; }
        string wTrim = w.TrimStart('0');
        if (wTrim.Length > 30) { error = $"'{text}' is too large"; return false; }
        whole = wTrim.Length == 0 ? 0 : UInt128.Parse(wTrim);
        frac = fTrim.Length == 0 ? 0 : UInt128.Parse(fTrim.PadRight(decimals, '0'));
        return true;
    }
}
