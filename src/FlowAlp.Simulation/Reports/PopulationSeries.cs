using System.Text;
using FlowAlp.Engine.Core;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// timeseries-populations.csv: the time series per population, long format (one row per sample time and population,
/// in the scenario's population order): positions, how many owe something and how many are below health 1, the
/// health percentiles of those that owe (empty when none does), their debt and collateral at full oracle value and the
/// bad debt (MOET), and running counts of liquidations, rebalances and rebalancer fees (MOET). Cells are the protocol's
/// exact text. Very long runs keep every sample up to 4096 and then thin them evenly (the last one is always kept).
/// </summary>
public static class PopulationSeries
{
    public const string FileName = "timeseries-populations.csv";

    public static IReadOnlyList<string> Columns { get; } =
    [
        TimeSeries.TimeColumn, "population", "positions", "indebted", "liquidatable",
        .. PoolMetrics.Percentiles.Select(p => $"health_p{p}"), "debt", "collateralValue", "badDebt", "liquidations", "rebalances", "fees",
    ];

    public static string Csv(IReadOnlyList<PopulationSample> rows)
    {
        var sb = new StringBuilder();
        sb.Append(ReportWriter.CsvLine(Columns));
        foreach (var r in rows)
        {
            var cells = new List<string> { r.Time.ToString(), r.Population, r.Positions.ToString(), r.Indebted.ToString(), r.Liquidatable.ToString() };
            cells.AddRange(PoolMetrics.Percentiles.Select((_, i) => r.HealthPercentiles.Count == 0 ? "" : r.HealthPercentiles[i].ToString()));
            cells.AddRange([r.Debt.ToString(), r.CollateralValue.ToString(), r.BadDebt.ToString(), r.Liquidations.ToString(), r.Rebalances.ToString(), r.Fees.ToString()]);
            sb.Append(ReportWriter.CsvLine(cells));
        }
        return sb.ToString();
    }
}
