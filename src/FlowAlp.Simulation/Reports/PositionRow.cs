namespace FlowAlp.Simulation.Reports;

/// <summary>
/// One row of positions.csv: one position of a run, flat, with simple types only so any tabular writer (CSV here, a
/// Parquet serializer over plain objects) can take it as it is. Money is MOET at the oracle's price (collateral and
/// debt at full value, no collateral or borrow factor), as System.Decimal: exact for the protocol's 8-decimal amounts,
/// 28 significant digits for its 24-decimal values. Health is empty (null) while a position owes nothing
/// (<see cref="HasDebt"/> false), never the UFix128 maximum. Times are simulated seconds since the start.
/// P&amp;L is defined in docs/outputs.md: mark-to-market = change of the position's equity + draw-downs − top-ups − fees;
/// realised = debt liquidators repaid − the seized collateral at its initial price − fees.
/// </summary>
public sealed class PositionRow
{
    public long Id { get; set; }
    public string Population { get; set; } = "";
    public decimal InitialCollateralMoet { get; set; }
    public decimal InitialDebtMoet { get; set; }
    public bool InitialHasDebt { get; set; }
    public decimal? InitialHealth { get; set; }
    public decimal FinalCollateralMoet { get; set; }
    public decimal FinalDebtMoet { get; set; }
    public bool HasDebt { get; set; }
    public decimal? FinalHealth { get; set; }
    /// <summary>The lowest health seen: at a sample, or when a rebalance or liquidation acted on it (null: it never owed anything then).</summary>
    public decimal? MinHealth { get; set; }
    /// <summary>When the lowest health was first seen (s).</summary>
    public long? MinHealthTime { get; set; }
    public long Rebalances { get; set; }
    public decimal TopUpVolumeMoet { get; set; }
    public decimal DrawDownVolumeMoet { get; set; }
    public decimal FeesPaidMoet { get; set; }
    public long Liquidations { get; set; }
    /// <summary>Collateral liquidators took, per token ("FLOW:586.81396129", tokens joined by ';'); empty when none.</summary>
    public string CollateralSeized { get; set; } = "";
    /// <summary>That collateral at the oracle price of the moment it was seized.</summary>
    public decimal CollateralSeizedMoet { get; set; }
    public decimal DebtRepaidByLiquidatorsMoet { get; set; }
    /// <summary>What liquidation took beyond the debt it cleared: seized value − debt repaid.</summary>
    public decimal LiquidationPenaltyMoet { get; set; }
    /// <summary>Debt not covered by the collateral's full value at the end: max(0, debt − collateral).</summary>
    public decimal BadDebtMoet { get; set; }
    public decimal InitialEquityMoet { get; set; }
    public decimal PnlMoet { get; set; }
    /// <summary>P&amp;L in % of the initial equity (null when that equity is not positive).</summary>
    public decimal? PnlPercent { get; set; }
    public decimal PnlRealisedMoet { get; set; }
    public decimal? PnlRealisedPercent { get; set; }

    // the yield token market's columns (last, so a table without them is the one before them: see PositionTable.OptInColumns)
    /// <summary>Sales of yield-token units by the position's yield vault (topUpSource), booked against the reference price.</summary>
    public long? VaultSales { get; set; }
    /// <summary>Units sold out of accrued yield (sold first), and out of principal.</summary>
    public decimal? YieldUnitsSold { get; set; }
    public decimal? PrincipalUnitsSold { get; set; }
    /// <summary>Slippage paid: the units' value at the reference price − the MOET they fetched (negative: sold above the reference).</summary>
    public decimal? SlippageMoet { get; set; }
    /// <summary>The largest slippage of one sale (one rebalance's top-up).</summary>
    public decimal? LargestRebalanceSlippageMoet { get; set; }
    /// <summary>Rebalancer fees + slippage.</summary>
    public decimal? CostOfRebalancingMoet { get; set; }
}
