using System.Globalization;
using System.Reflection;
using System.Text;
using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// positions.csv: one <see cref="PositionRow"/> per agent position (LPs and borrowers, by id), built from the run's
/// per-position tracks (first, last and lowest sample) and the engine's per-position ledger (rebalances, top-ups,
/// draw-downs, liquidations, seized collateral, fees). Its id and population columns are the join key from the event
/// log's position ids to populations.
/// </summary>
public static class PositionTable
{
    public const string FileName = "positions.csv";

    public static IReadOnlyList<PositionRow> Build(SimulationResult r)
    {
        var tracker = r.Populations ?? throw new InvalidOperationException("the run kept no per-position tracks");
        var ledgers = r.Outcomes.Ledgers ?? new Dictionary<long, PositionLedger>();
        var rows = new List<PositionRow>();
        var vaultOf = r.Setup.Connectors.Where(c => c.Vault is not null).ToDictionary(c => c.Position, c => c.Vault!);
        foreach (var (id, t) in tracker.Tracks)
        {
            var l = ledgers.TryGetValue(id, out var found) ? found : new PositionLedger();
            decimal fees = r.Outcomes.FeesByPosition.TryGetValue(id, out var f) ? Dec(f) : 0m;
            decimal c0 = Dec(t.InitialCollateral), d0 = Dec(t.InitialDebt), c1 = Dec(t.FinalCollateral), d1 = Dec(t.FinalDebt);
            decimal seizedValue = Dec(l.SeizedValue), repaid = Dec(l.RepaidByLiquidators);
            decimal seizedAtStart = l.Seized.Sum(s => Dec(s.Value) * (tracker.InitialPrices.TryGetValue(s.Key, out var p) ? Dec(p) : 0m));
            decimal equity0 = c0 - d0;
            // the lowest health: of the samples, or when a rebalance or liquidation acted (between samples)
            var (low, lowTime) = l.LowestHealth is { } seen && (t.MinHealth is not { } sampled || seen < sampled || (seen == sampled && l.LowestHealthTime < t.MinHealthTime))
                ? (l.LowestHealth, l.LowestHealthTime) : (t.MinHealth, t.MinHealthTime);
            decimal pnl = c1 - d1 - equity0 + Dec(l.DrawDowns) - Dec(l.TopUps) - fees;
            decimal realised = repaid - seizedAtStart - fees;
            rows.Add(new PositionRow
            {
                Id = id,
                Population = t.Population,
                InitialCollateralMoet = c0,
                InitialDebtMoet = d0,
                InitialHasDebt = t.InitialHealth is not null,
                InitialHealth = Dec(t.InitialHealth),
                FinalCollateralMoet = c1,
                FinalDebtMoet = d1,
                HasDebt = t.FinalHealth is not null,
                FinalHealth = Dec(t.FinalHealth),
                MinHealth = Dec(low),
                MinHealthTime = low is null ? null : (long)lowTime,
                Rebalances = l.Rebalances,
                TopUpVolumeMoet = Dec(l.TopUps),
                DrawDownVolumeMoet = Dec(l.DrawDowns),
                FeesPaidMoet = fees,
                Liquidations = r.Outcomes.LiquidationsByPosition.TryGetValue(id, out var n) ? n : 0,
                CollateralSeized = string.Join(";", l.Seized.Select(s => $"{s.Key}:{s.Value}")),
                CollateralSeizedMoet = seizedValue,
                DebtRepaidByLiquidatorsMoet = repaid,
                LiquidationPenaltyMoet = seizedValue - repaid,
                BadDebtMoet = d1 > c1 ? d1 - c1 : 0m,
                InitialEquityMoet = equity0,
                PnlMoet = pnl,
                PnlPercent = Percent(pnl, equity0),
                PnlRealisedMoet = realised,
                PnlRealisedPercent = Percent(realised, equity0),
            });
            if (r.Outcomes.VaultSales is { } sales) AddSales(rows[^1], vaultOf.TryGetValue(id, out var v) && sales.TryGetValue(v, out var vs) ? vs : null, fees);
        }
        return rows;
    }

    /// <summary>The yield token market's columns of a row (zero for a position without a vault), when the run booked sales.</summary>
    private static void AddSales(PositionRow row, FlowAlp.Engine.Flows.YieldVaultSales? s, decimal fees)
    {
        decimal slippage = s is null ? 0m : Dec(s.ReferenceValue) - Dec(s.Proceeds);
        row.VaultSales = s?.Sales ?? 0;
        row.YieldUnitsSold = s is null ? 0m : Dec(s.YieldSold);
        row.PrincipalUnitsSold = s is null ? 0m : Dec(s.PrincipalSold);
        row.SlippageMoet = slippage;
        row.LargestRebalanceSlippageMoet = s is null ? 0m : Dec(s.LargestSlippage);
        row.CostOfRebalancingMoet = fees + slippage;
    }

    /// <summary>How many of the last columns only a run with a yield token market fills (left out of the table otherwise).</summary>
    public const int OptInColumns = 6;

    /// <summary>The header for cells made by <see cref="Cells"/> (their width says whether the opt-in columns are in).</summary>
    public static IReadOnlyList<string> HeaderFor(IReadOnlyList<string[]> cells) =>
        cells.Count > 0 && cells[0].Length == Columns.Count ? Columns : Columns.Take(Columns.Count - OptInColumns).ToList();

    /// <summary>The exact decimal text of a protocol value (28 significant digits at most: System.Decimal rounds the rest).</summary>
    public static decimal Dec(UFix64 v) => Trim(decimal.Parse(v.ToString(), CultureInfo.InvariantCulture));
    public static decimal Dec(UFix128 v) => Trim(decimal.Parse(v.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture));

    /// <summary>The same value without trailing zeros (50000.000… reads as 50000; System.Decimal keeps the scale it was parsed with).</summary>
    public static decimal Trim(decimal v) => v / 1.000000000000000000000000000000000m;
    public static decimal? Dec(UFix128? v) => v is { } x ? Dec(x) : null;

    private static decimal? Percent(decimal part, decimal whole) => whole > 0 ? Trim(Math.Round(part / whole * 100m, 6)) : null;

    /// <summary>The CSV columns: the row's properties in declaration order, camelCase.</summary>
    public static IReadOnlyList<string> Columns { get; } = Properties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).ToList();

    private static PropertyInfo[] Properties() => typeof(PositionRow).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken).ToArray();

    /// <summary>The table as CSV ("\n" line endings; nulls as empty cells; numbers in invariant culture, as exact as the row holds them).</summary>
    public static string Csv(IReadOnlyList<PositionRow> rows) => Csv(Cells(rows));

    /// <summary>CSV of cells made by <see cref="Cells"/>.</summary>
    public static string Csv(IReadOnlyList<string[]> cells)
    {
        var sb = new StringBuilder();
        sb.Append(FlowAlp.Reporting.ReportWriter.CsvLine(HeaderFor(cells)));
        foreach (var row in cells) sb.Append(FlowAlp.Reporting.ReportWriter.CsvLine(row));
        return sb.ToString();
    }

    /// <summary>Each row's cells as positions.csv prints them: made once, for the CSV and its Parquet copy.</summary>
    public static IReadOnlyList<string[]> Cells(IReadOnlyList<PositionRow> rows)
    {
        var getters = Getters.Value;
        int width = rows.Any(r => r.VaultSales is not null) ? getters.Length : getters.Length - OptInColumns;
        var cells = new string[rows.Count][];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = new string[width];
            for (int c = 0; c < width; c++) row[c] = Cell(getters[c](rows[r]));
            cells[r] = row;
        }
        return cells;
    }

    // compiled property reads (a reflection call per cell costs more than formatting it)
    private static readonly Lazy<Func<PositionRow, object?>[]> Getters = new(() => Properties().Select(p =>
    {
        var row = System.Linq.Expressions.Expression.Parameter(typeof(PositionRow));
        var read = System.Linq.Expressions.Expression.Convert(System.Linq.Expressions.Expression.Property(row, p), typeof(object));
        return System.Linq.Expressions.Expression.Lambda<Func<PositionRow, object?>>(read, row).Compile();
    }).ToArray());

    private static string Cell(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
