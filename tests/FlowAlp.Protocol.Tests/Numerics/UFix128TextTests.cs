using System.Globalization;
using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

/// <summary>UFix128's text (whole part, '.', all 24 decimals) against the plain 128-bit divide and pad it replaced.</summary>
public class UFix128TextTests
{
    private static string Reference(UInt128 raw) =>
        (raw / Scale24).ToString(CultureInfo.InvariantCulture) + "." + (raw % Scale24).ToString(CultureInfo.InvariantCulture).PadLeft(24, '0');

    [Fact]
    public void Text_matches_the_reference_on_random_values() =>
        UInt128Edge.Sample(raw => Assert.Equal(Reference(raw), UFix128.FromRaw(raw).ToString()), iter: 100_000, threads: 1);

    [Theory]
    [InlineData("0", "0.000000000000000000000000")]
    [InlineData("1", "0.000000000000000000000001")]
    [InlineData("999999999999999999999999", "0.999999999999999999999999")]
    [InlineData("1000000000000000000000000", "1.000000000000000000000000")]
    [InlineData("1000000000001000000000000", "1.000000000001000000000000")]
    [InlineData("340282366920937999999999999999999999999", "340282366920937.999999999999999999999999")]
    [InlineData("340282366920938463463374607431768211455", "340282366920938.463463374607431768211455")]
    public void Text_at_the_edges(string raw, string text)
    {
        Assert.Equal(text, UFix128.FromRaw(UInt128.Parse(raw)).ToString());
        Assert.Equal(Reference(UInt128.Parse(raw)), text);
    }
}
