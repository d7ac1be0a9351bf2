using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

/// <summary>UFix128's shortcut for a factor or divisor of exactly 1 against the general multiply and divide.</summary>
public class UFix128ByOneTests
{
    private const long Iter = 100_000;

    [Fact]
    public void Multiplying_or_dividing_by_one_equals_the_general_operation() =>
        UInt128Edge.Sample(raw =>
        {
            var x = UFix128.FromRaw(raw);
            Assert.Equal(Wide.MulScale(raw, Scale24, "t"), (x * UFix128.One).Raw);
            Assert.Equal(Wide.MulScale(Scale24, raw, "t"), (UFix128.One * x).Raw);
            Assert.Equal(Wide.MulDiv(raw, Scale24, Scale24, "t"), (x / UFix128.One).Raw);
            Assert.Equal(x, x * UFix128.One);
            Assert.Equal(x, x / UFix128.One);
        }, iter: Iter, threads: 1);

    [Fact]
    public void Dividing_zero_by_one_and_one_by_zero_behave_as_before()
    {
        Assert.Equal(UFix128.Zero, UFix128.Zero / UFix128.One);
        Assert.Equal("UFix128 division by zero", Assert.Throws<FixedPointException>(() => UFix128.One / UFix128.Zero).Message);
        Assert.Equal(UFix128.Max, UFix128.Max * UFix128.One);
        Assert.Equal("UFix128 multiplication: overflow", Assert.Throws<FixedPointException>(() => UFix128.Max * UFix128.FromRaw(Scale24 + 1)).Message);
    }
}
