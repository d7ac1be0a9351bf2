using FlowAlp.Reporting;
using ScottPlot;
using SkiaSharp;
using Xunit;

namespace FlowAlp.Reporting.Tests;

/// <summary>Our PNG settings change only the compression: the decoded pixels equal ScottPlot's own PNG's.</summary>
public class PngEncodingTests
{
    [Fact]
    public void Encodes_the_same_pixels_as_scottplots_own_png()
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        double[] xs = Enumerable.Range(0, 200).Select(i => i / 10.0).ToArray();
        plot.Add.Scatter(xs, xs.Select(Math.Sin).ToArray());
        plot.Add.Scatter(xs, xs.Select(x => Math.Cos(x) * 0.5).ToArray());
        plot.Title("pixels");
        plot.Font.Set(EmbeddedFontResolver.FontName);

        byte[] ours = PngEncoding.Render(plot, PlotRenderer.Width, PlotRenderer.Height);
        using var image = plot.GetImage(PlotRenderer.Width, PlotRenderer.Height);
        byte[] theirs = image.GetImageBytes(ImageFormat.Png, 100);

        using var a = SKBitmap.Decode(ours);
        using var b = SKBitmap.Decode(theirs);
        Assert.Equal((PlotRenderer.Width, PlotRenderer.Height), (a.Width, a.Height));
        Assert.Equal((b.Width, b.Height), (a.Width, a.Height));
        Assert.Equal(b.Bytes, a.Bytes);
        Assert.NotEqual(theirs, ours); // the compression did change
        Assert.True(a.Pixels.Distinct().Count() > 2, "the plot drew something");
    }
}
