using System.Globalization;
using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

/// <summary>UFix64 formatted in place (interpolation, <c>TryFormat</c>) gives exactly its <c>ToString</c> text.</summary>
public class UFix64TextTests
{
    [Fact]
    public void Interpolation_and_TryFormat_give_the_ToString_text() =>
        ULongEdge.Sample(raw =>
        {
            var v = UFix64.FromRaw(raw);
            string text = v.ToString();
            Assert.Equal($"a {text} b", $"a {v} b");
            Assert.Equal(text, $"{v:N2}"); // one spelling: a format is ignored, as it was before
            Assert.Equal(text, string.Format(CultureInfo.InvariantCulture, "{0,3}", v).TrimStart());
            Span<char> buffer = stackalloc char[40];
            Assert.True(v.TryFormat(buffer, out int n, default, null));
            Assert.Equal(text, new string(buffer[..n]));
            Assert.False(v.TryFormat(buffer[..(text.Length - 1)], out int none, default, null));
            Assert.Equal(0, none);
        }, iter: 50_000, threads: 1);

    [Theory]
    [InlineData(0UL, "0.00000000")]
    [InlineData(1UL, "0.00000001")]
    [InlineData(100_000_000UL, "1.00000000")]
    [InlineData(ulong.MaxValue, "184467440737.09551615")]
    public void Edges(ulong raw, string text)
    {
        Assert.Equal(text, UFix64.FromRaw(raw).ToString());
        Assert.Equal(text, $"{UFix64.FromRaw(raw)}");
    }
}
