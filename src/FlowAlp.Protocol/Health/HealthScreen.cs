namespace FlowAlp.Protocol.Health;

/// <summary>
/// The tokens' prices, interest indices and risk factors at one moment, as doubles, to estimate many positions' health
/// from the <see cref="ScreeningMirror"/> in a few nanoseconds each. The estimate only ever rules positions out: a
/// position is called certainly inside a bound when its estimate clears the bound by <see cref="Margin"/> (relative) —
/// orders of magnitude more than the double rounding and the fixed-point truncations can differ — and everything else
/// goes to the exact UFix128 path. Valid until the next price or time change (the engine builds one per phase).
/// </summary>
public sealed class HealthScreen
{
    /// <summary>Relative margin an estimate must clear a bound by.</summary>
    public const double Margin = 1e-9;
    /// <summary>Effective values below this (in the unit of account) are too small to estimate safely: exact path.</summary>
    public const double Floor = 1e-6;

    private readonly double[] _credit, _debit;
    private readonly bool[] _priced;

    /// <param name="credit">per slot: price × credit index × collateral factor</param>
    /// <param name="debit">per slot: price × debit index ÷ borrow factor</param>
    /// <param name="priced">per slot: whether the token has a usable oracle price now</param>
    public HealthScreen(double[] credit, double[] debit, bool[] priced)
    {
        _credit = credit; _debit = debit; _priced = priced;
    }

    public bool IsPriced(short slot) => slot < _priced.Length && _priced[slot];

    /// <summary>The estimated health of a mirrored position; false when it cannot be estimated (unscreenable, unpriced, or too small).</summary>
    public bool TryEstimate(in ScreeningMirror.Entry e, out double health)
    {
        health = 0;
        if (e.Count < 0) return false;
        double ce = 0, de = 0;
        if (e.Count >= 1 && !Add(e.Slot0, e.Debit0, e.Scaled0, ref ce, ref de)) return false;
        if (e.Count == 2 && !Add(e.Slot1, e.Debit1, e.Scaled1, ref ce, ref de)) return false;
        if (ce < Floor || de < Floor) return false; // no debt, no collateral or dust: HealthMath's special cases, exactly
        health = ce / de;
        return true;
    }

    private bool Add(short slot, bool debit, double scaled, ref double ce, ref double de)
    {
        if (!IsPriced(slot)) return false;
        if (debit) de += scaled * _debit[slot];
        else ce += scaled * _credit[slot];
        return true;
    }

    /// <summary>Certainly at or above <paramref name="bound"/>.</summary>
    public static bool Above(double health, double bound) => health > bound * (1 + Margin);
    /// <summary>Certainly at or below <paramref name="bound"/>.</summary>
    public static bool Below(double health, double bound) => health < bound * (1 - Margin);
}
