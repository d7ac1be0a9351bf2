using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Studies;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Tests.Studies;

/// <summary>
/// Each published figure is set beside the same quantity over the seeds: a scaled mean with its 95 % interval, a ratio
/// of sums for a per-event figure, "n/a" for a figure every summary holds as null, and an error for a metric no
/// summary has.
/// </summary>
public class StudyComparisonTests
{
    private static SweepRun Run(ulong seed, double survival, double fees, double rebalances, double? loss) =>
        new("base", seed, new JsonObject
        {
            ["populations"] = new JsonObject
            {
                ["passive"] = new JsonObject { ["survivalRate"] = survival, ["lossPerLiquidatedBorrower"] = loss },
                ["rebalancing"] = new JsonObject { ["rebalancerFees"] = fees.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ["rebalances"] = rebalances },
            },
            ["totals"] = new JsonObject { ["liquidations"] = 0 },
        }, true);

    private static readonly IReadOnlyList<SweepRun> Runs = [Run(5, 0.6, 0.03, 10, null), Run(6, 0.8, 0.01, 30, null), Run(7, 0.7, 0.02, 20, null)];

    private static StudySpec Study(string extraFigure = "") => StudyFile.Parse(StudyFileTests.Minimal.Replace("\"difference\": \"fee\" }", "\"difference\": \"fee\" }" + extraFigure));

    [Fact]
    public void Figures_get_a_scaled_mean_with_interval_or_a_ratio_of_sums()
    {
        var rows = StudyComparison.Compare(Study(), Runs);
        // survival 0.6, 0.8, 0.7 × 100: mean 70, t(0.975, 2) = 4.302653, s = 10, half-width 4.302653 × 10 / √3 = 24.841383
        Assert.Equal((70.0, 45.15862, 94.84138, 3), (rows[0].Mean, Math.Round(rows[0].Low!.Value, 5), Math.Round(rows[0].High!.Value, 5), rows[0].Seeds));
        Assert.Equal(70.0 / 64, rows[0].Ratio);
        // fees per rebalance: (0.03 + 0.01 + 0.02) / (10 + 30 + 20) = 0.001, not the mean of per-run ratios (0.00161)
        Assert.Equal((0.001, (double?)null), (rows[1].Mean, rows[1].Low));
    }

    [Fact]
    public void A_figure_null_in_every_run_is_na_and_an_unknown_metric_names_its_field()
    {
        const string loss = ", { \"label\": \"loss\", \"metric\": \"populations.passive.lossPerLiquidatedBorrower\", \"published\": 53000, \"unit\": \"MOET\", \"difference\": \"size\" }";
        var rows = StudyComparison.Compare(Study(loss), Runs);
        Assert.True(double.IsNaN(rows[2].Mean));
        Assert.Equal((0, (double?)null), (rows[2].Seeds, rows[2].Ratio));
        Assert.Contains("| loss (MOET) | 53,000 | n/a | n/a | size |", StudyComparison.Markdown(Study(loss), rows));

        string typo = loss.Replace("lossPerLiquidatedBorrower", "lossPerLiquidatedBorower");
        var e = Assert.Throws<ScenarioException>(() => StudyComparison.Compare(Study(typo), Runs));
        Assert.Equal("reference.figures[2].metric", e.Field);
        Assert.StartsWith("'populations.passive.lossPerLiquidatedBorower' is in no run summary", e.Reason);
    }

    [Fact]
    public void The_csv_holds_every_figure_with_its_metric_and_difference()
    {
        string dir = Path.Combine(Path.GetTempPath(), "flowalp-study-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var study = Study();
            StudyComparison.Write(dir, study, StudyComparison.Compare(study, Runs));
            var lines = File.ReadAllLines(Path.Combine(dir, "comparison.csv"));
            Assert.Equal("figure,unit,published,flowalp,flowalpCi95Low,flowalpCi95High,seeds,ratio,metric,difference", lines[0]);
            Assert.StartsWith("survival,%,64,70,45.158", lines[1]);
            Assert.EndsWith(",3,1.09375,populations.passive.survivalRate,liquidation rule", lines[1]);
            Assert.Equal("fees per rebalance,MOET,0.001,0.001,,,3,1,populations.rebalancing.rebalancerFees / populations.rebalancing.rebalances,fee", lines[2]);
            Assert.Contains("| survival (%) | 64 | 70 [45.1586, 94.8414] | 1.0938 | liquidation rule |", File.ReadAllText(Path.Combine(dir, "comparison.md")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
