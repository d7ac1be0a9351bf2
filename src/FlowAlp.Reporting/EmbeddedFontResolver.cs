using ScottPlot;
using SkiaSharp;

namespace FlowAlp.Reporting;

/// <summary>
/// Resolves <see cref="FontName"/> to the DejaVu Sans font embedded in this assembly, so plots look (and encode)
/// the same whatever fonts the machine has. Other names are left to ScottPlot's other resolvers.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FontName = "FlowAlp DejaVu Sans";

    private static readonly Lazy<byte[]> FontBytes = new(() =>
    {
        using Stream s = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream("FlowAlp.Reporting.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("embedded font FlowAlp.Reporting.DejaVuSans.ttf is missing");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    });

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Adds the resolver to ScottPlot's global list once.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            _registered = true;
        }
    }

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, false, false);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
    {
        if (fontName != FontName) return null;
        using var data = SKData.CreateCopy(FontBytes.Value);
        return SKTypeface.FromData(data);
    }
}
