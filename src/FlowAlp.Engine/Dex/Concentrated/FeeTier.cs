namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>A v3 fee tier: the swap fee in pips (millionths of the input) and the tick spacing that goes with it.</summary>
public readonly record struct FeeTier(uint FeePips, int TickSpacing)
{
    public static readonly FeeTier Pips100 = new(100, 1);
    public static readonly FeeTier Pips500 = new(500, 10);
    public static readonly FeeTier Pips3000 = new(3000, 60);
    public static readonly FeeTier Pips10000 = new(10000, 200);

    /// <summary>The tiers v3 enables: 0.01 %, 0.05 %, 0.3 %, 1 %.</summary>
    public static IReadOnlyList<FeeTier> All { get; } = [Pips100, Pips500, Pips3000, Pips10000];

    /// <summary>The tier of a fee, or null when the fee is not one of <see cref="All"/>.</summary>
    public static FeeTier? Of(uint feePips) => All.Where(t => t.FeePips == feePips).Select(t => (FeeTier?)t).FirstOrDefault();
}
