namespace FlowAlp.Reporting;

/// <summary>
/// Renders a report's PNGs side by side, at most one per processor: each plot is its own ScottPlot <c>Plot</c> with
/// its own surface, and what they share (the font resolver list, ScottPlot's concurrent typeface cache) is only read
/// once the embedded font is registered. The bytes do not depend on the order or the thread.
/// </summary>
internal static class PlotBatch
{
    public static byte[][] Render(IReadOnlyList<Func<byte[]>> plots)
    {
        var pngs = new byte[plots.Count][];
        if (plots.Count == 0) return pngs;
        EmbeddedFontResolver.EnsureRegistered(); // before any thread reads the resolver list
        try { Parallel.For(0, plots.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => pngs[i] = plots[i]()); }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // the first failure as itself, as a sequential render would have thrown it
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return pngs;
    }
}
