using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting.Tests;

/// <summary>
/// ScottPlot resolves fonts lazily into static caches, and the very first plot of a process once rendered a label in
/// a fallback font. This renders in a fresh copy of FlowAlp.Reporting and ScottPlot (own statics, loaded into a
/// separate <see cref="AssemblyLoadContext"/>) and checks the bytes match those of this, already warm, process.
/// </summary>
public class FontIndependenceTests
{
    private sealed class FreshContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver = new(typeof(FontIndependenceTests).Assembly.Location);

        public FreshContext() : base("fresh-reporting", isCollectible: true) { }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is not ("FlowAlp.Reporting" or "ScottPlot")) return null; // everything else shared
            string? path = _resolver.ResolveAssemblyToPath(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }

    [Fact]
    public void First_render_in_a_fresh_context_matches_a_warm_one()
    {
        using var tmp = new TempDir();
        (string, JsonObject)[] runs = [("a", new JsonObject { ["x"] = "1.5" }), ("b", new JsonObject { ["x"] = 2 })];
        var ctx = new FreshContext();
        try
        {
            Assembly fresh = ctx.LoadFromAssemblyName(new AssemblyName("FlowAlp.Reporting"));
            Assert.NotSame(typeof(ComparisonReport).Assembly, fresh);
            fresh.GetType("FlowAlp.Reporting.ComparisonReport")!.GetMethods().Single(m => m.Name == "Write" && m.GetParameters().Length == 5)
                .Invoke(null, [tmp.Sub("fresh-cmp"), "C", runs, new[] { "x" }, null]);
            WriteSampleReport(fresh, tmp.Sub("fresh-report"));
        }
        finally
        {
            ctx.Unload();
        }

        ComparisonReport.Write(tmp.Sub("warm-cmp"), "C", runs, ["x"]);
        WriteSampleReport(typeof(ReportWriter).Assembly, tmp.Sub("warm-report"));
        ComparisonReport.Write(tmp.Sub("warmer-cmp"), "C", runs, ["x"]);
        WriteSampleReport(typeof(ReportWriter).Assembly, tmp.Sub("warmer-report"));
        foreach (var (fresh, warm) in new[] { ("fresh-cmp", "warm-cmp"), ("fresh-cmp", "warmer-cmp"), ("fresh-report", "warm-report"), ("fresh-report", "warmer-report") })
        {
            var a = ReportWriterTests.Snapshot(tmp.Sub(fresh));
            var b = ReportWriterTests.Snapshot(tmp.Sub(warm));
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between {fresh} and {warm}");
        }
    }

    /// <summary>The sample report through reflection, so it can run against either copy of the assembly.</summary>
    private static void WriteSampleReport(Assembly reporting, string dir)
    {
        Type seriesType = reporting.GetType("FlowAlp.Reporting.TimeSeries")!;
        Type specType = reporting.GetType("FlowAlp.Reporting.PlotSpec")!;
        var source = Samples.Series();
        object series = Activator.CreateInstance(seriesType, [source.Columns.ToArray()])!;
        MethodInfo addRow = seriesType.GetMethod("AddRow")!;
        foreach (var row in source.Rows) addRow.Invoke(series, [row.ToArray()]);
        var specs = Array.CreateInstance(specType, Samples.Plots().Length);
        for (int i = 0; i < specs.Length; i++)
        {
            var p = Samples.Plots()[i];
            specs.SetValue(Activator.CreateInstance(specType, [p.File, p.Title, p.YLabel, p.Columns, p.LogY, p.Spans, p.ZeroNote]), i);
        }
        reporting.GetType("FlowAlp.Reporting.ReportWriter")!.GetMethod("Write")!
            .Invoke(null, [dir, "T", series, Samples.Summary(), specs, Samples.Notes(), null, null, null, null, null, null]); // tables, links, omitFromSummary, lead, parts, timings
    }
}
