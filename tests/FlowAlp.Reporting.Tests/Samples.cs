using System.Text.Json.Nodes;

namespace FlowAlp.Reporting.Tests;

internal static class Samples
{
    public static TimeSeries Series()
    {
        var s = new TimeSeries("time", "debt", "collateral", "health");
        s.AddRow("0", "0", "1000", "1000");
        s.AddRow("3600", "615.38461538", "1000.5", "1.3");
        s.AddRow("7200", "700.25", "980", "1.12");
        s.AddRow("10800", "650", "1010.125", "1.25");
        return s;
    }

    public static JsonObject Summary() => new()
    {
        ["scenario"] = "crash-30",
        ["finalDebt"] = "615.38461538",
        ["liquidations"] = 3,
        ["ratio"] = 1.25m,
        ["pool"] = new JsonObject { ["reserves"] = "1234.5", ["utilization"] = 0.75m },
        ["events"] = new JsonArray(1, 2),
        ["missing"] = null,
    };

    public static PlotSpec[] Plots() =>
    [
        new("money", "Debt and collateral", "FLOW", ["debt", "collateral"]),
        new("health", "Health factor", "health", ["health"], LogY: true),
    ];

    public static (string Name, string Text)[] Notes() => [("config", "seed = 42\nprice path: <crash>")];
}
