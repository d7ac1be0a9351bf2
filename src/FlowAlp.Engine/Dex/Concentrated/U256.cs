using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// A 256-bit unsigned value as stored state (sqrt prices, fee growth): two UInt128 halves, which snapshots hold
/// natively; arithmetic converts to <see cref="BigInteger"/> and back.
/// </summary>
public readonly record struct U256(UInt128 Hi, UInt128 Lo)
{
    public static readonly U256 Zero = default;

    public BigInteger Value => ((BigInteger)Hi << 128) | Lo;

    public static U256 From(BigInteger v)
    {
        if (v.Sign < 0 || v >= FullMath.Mod256) throw new ArgumentOutOfRangeException(nameof(v), "U256: outside [0, 2^256)");
        return new U256((UInt128)(v >> 128), (UInt128)(v & UInt128.MaxValue));
    }

    public override string ToString() => Value.ToString();
}
