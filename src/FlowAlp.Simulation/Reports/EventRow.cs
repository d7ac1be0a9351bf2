using System.Text.Json.Serialization;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// One line of <c>events.jsonl</c> as a row of <c>events.parquet</c>: the envelope (sequence number, block time, step,
/// event type), the fields most analyses filter or sum on as typed columns (null where the event has no such field),
/// and the event object itself as JSON text, so every field of every event type (today's and future ones) is there.
/// Amounts and health are doubles here; the exact decimals stay in <c>events.jsonl</c>, the source of truth.
/// </summary>
public sealed class EventRow
{
    /// <summary>The line's sequence number (0, 1, …): the log's canonical order.</summary>
    [JsonPropertyName("seq")] public long Seq { get; set; }
    /// <summary>Block time in seconds since the start.</summary>
    [JsonPropertyName("time")] public double Time { get; set; }
    /// <summary>The step the event belongs to: time ÷ stepSeconds, rounded down (0: set-up).</summary>
    [JsonPropertyName("step")] public long Step { get; set; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("position")] public long? Position { get; set; }
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("amount")] public double? Amount { get; set; }
    [JsonPropertyName("rebalancer")] public long? Rebalancer { get; set; }
    [JsonPropertyName("rebalanced")] public bool? Rebalanced { get; set; }
    [JsonPropertyName("atHealth")] public double? AtHealth { get; set; }
    [JsonPropertyName("fromUnder")] public bool? FromUnder { get; set; }
    [JsonPropertyName("debtToken")] public string? DebtToken { get; set; }
    [JsonPropertyName("repayAmount")] public double? RepayAmount { get; set; }
    [JsonPropertyName("seizeToken")] public string? SeizeToken { get; set; }
    [JsonPropertyName("seizeAmount")] public double? SeizeAmount { get; set; }
    [JsonPropertyName("newHealth")] public double? NewHealth { get; set; }
    [JsonPropertyName("liquidator")] public string? Liquidator { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    /// <summary>The event object exactly as in the log (type and every field, exact decimals as strings).</summary>
    [JsonPropertyName("event")] public string Event { get; set; } = "";
}
