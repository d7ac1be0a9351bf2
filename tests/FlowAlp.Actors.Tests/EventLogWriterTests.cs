using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;

namespace FlowAlp.Actors.Tests;

/// <summary>
/// The event log writes each line straight to UTF-8; its bytes must stay exactly those of the JsonObject form the log
/// was defined with (seq, t, event), including escaping, nulls, numbers and nested values — in memory, in the streamed
/// file and in the hash.
/// </summary>
public class EventLogWriterTests
{
    private static string Reference(long seq, UFix64 t, JsonObject e) => new JsonObject { ["seq"] = seq, ["t"] = t.ToString(), ["event"] = e }.ToJsonString();

    [Fact]
    public void Typed_events_lines_file_and_hash_equal_the_json_object_form()
    {
        var file = Path.Combine(Path.GetTempPath(), $"flowalp-log-{Guid.NewGuid():N}.jsonl");
        try
        {
            var t = UFix64.Parse("123.45678901");
            var deposited = new Deposited(7, "FLOW \" \\ \t é € <tag> & 'x' \u0001", UFix64.Parse("1.5"));
            var run = new RebalancerRun(3, 9, true, t, null, 12);
            var expected = new List<string>
            {
                // the JsonObject form the log was defined with: numbers as numbers, decimals as exact strings, nulls kept
                Reference(0, t, new JsonObject { ["type"] = "Deposited", ["position"] = 7L, ["token"] = deposited.Token, ["amount"] = "1.50000000" }),
                Reference(1, t, new JsonObject
                {
                    ["type"] = "RebalancerRun", ["position"] = 9L, ["rebalancer"] = 3L, ["force"] = true, ["time"] = "123.45678901", ["scheduledRun"] = 12L, ["nextRun"] = null,
                }),
                Reference(2, t, new JsonObject { ["type"] = "RebalancerRun", ["rebalancer"] = 3L, ["position"] = 9L, ["rebalanced"] = false, ["nextRun"] = null }),
                Reference(3, UFix64.Zero, new JsonObject { ["type"] = "RebalanceFailed", ["reason"] = "Oracle has no price for \"FLOW\"" }),
                Reference(4, UFix64.Zero, new JsonObject { ["type"] = "MessageDelayed", ["dropped"] = 2, ["delaySeconds"] = 30 }),
            };

            var log = new EventLogWriter(new EventLogOptions(Retain: true, File: file));
            log.Append(t, deposited);
            log.AppendProtocol(t, [run]);
            log.AppendEngine(t, "RebalancerRun", ("rebalancer", 3L), ("position", 9L), ("rebalanced", false), ("nextRun", null));
            log.AppendEngine(UFix64.Zero, "RebalanceFailed", ("reason", "Oracle has no price for \"FLOW\""));
            log.AppendEngine(UFix64.Zero, "MessageDelayed", ("dropped", 2), ("delaySeconds", (object)30));
            log.Flush();
            string hash = log.Sha256();
            log.Dispose();

            Assert.Equal(expected, log.Lines);
            Assert.Equal(string.Join("", expected.Select(l => l + "\n")), File.ReadAllText(file));
            var bytes = Encoding.UTF8.GetBytes(string.Join("", expected.Select(l => l + "\n")));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), hash);
            Assert.Equal(5, log.Count);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_rebalancer_run_written_from_its_values_equals_the_field_list_form_across_blocks()
    {
        var byFields = new EventLogWriter(new EventLogOptions(Retain: true));
        var byValues = new EventLogWriter(new EventLogOptions(Retain: true));
        var times = new[] { UFix64.Zero, UFix64.Parse("300"), UFix64.Parse("300"), UFix64.Parse("123.45678901"), UFix64.Parse("184467440737.09551615") };
        UFix64?[] nexts = [null, UFix64.Zero, UFix64.Parse("600"), UFix64.Parse("0.00000001"), UFix64.Parse("184467440737.09551615")];
        long[] ids = [0, 1, 9_999, long.MaxValue, long.MinValue];
        for (int i = 0; i < times.Length; i++)
            foreach (var next in nexts)
            {
                bool rebalanced = i % 2 == 0;
                byFields.AppendEngine(times[i], "RebalancerRun", ("rebalancer", ids[i]), ("position", ids[^(i + 1)]), ("rebalanced", rebalanced), ("nextRun", next?.ToString()));
                byValues.AppendEngine(times[i], "RebalancerRun", (Id: ids[i], Position: ids[^(i + 1)], rebalanced, next),
                    static (w, x) => EventJson.RebalancerRunFields(w, x.Id, x.Position, x.rebalanced, x.next));
            }
        Assert.Equal(25, byValues.Count);
        Assert.Equal(byFields.Lines, byValues.Lines);
        Assert.Equal(byFields.Sha256(), byValues.Sha256());
        Assert.Equal("""{"seq":2,"t":"0.00000000","event":{"type":"RebalancerRun","rebalancer":0,"position":-9223372036854775808,"rebalanced":true,"nextRun":"600.00000000"}}""",
            byValues.Lines[2]);
    }

    private static string Line(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("MOET")]
    [InlineData("FLOW \" \\ \t é € <tag> & 'x' \u0001")]
    public void Top_up_and_liquidation_events_written_from_their_values_equal_the_field_list_form(string token)
    {
        UFix64 a = UFix64.Parse("1234.5"), b = UFix64.Parse("0.00000001");
        UFix128 h = UFix128.Parse("1.049999999999999999999999");
        var cases = new (object Event, Action<System.Text.Json.Utf8JsonWriter> Fields)[]
        {
            (new Deposited(7, token, a), w => EventJson.Obj(w, "Deposited", ("position", 7L), ("token", token), ("amount", a))),
            (new Rebalanced(8, h, a, true), w => EventJson.Obj(w, "Rebalanced", ("position", 8L), ("atHealth", h), ("amount", a), ("fromUnder", true))),
            (new Rebalanced(long.MaxValue, UFix128.Max, UFix64.Zero, false),
                w => EventJson.Obj(w, "Rebalanced", ("position", long.MaxValue), ("atHealth", UFix128.Max), ("amount", UFix64.Zero), ("fromUnder", false))),
            (new LiquidationExecuted(9, token, a, "BTC", b, h),
                w => EventJson.Obj(w, "LiquidationExecuted", ("position", 9L), ("debtToken", token), ("repayAmount", a), ("seizeToken", "BTC"), ("seizeAmount", b), ("newHealth", h))),
            (new DepositCapacityConsumed(token, 0, a, b),
                w => EventJson.Obj(w, "DepositCapacityConsumed", ("position", 0L), ("token", token), ("amount", a), ("remainingCapacity", b))),
        };
        foreach (var (e, fields) in cases)
            Assert.Equal(Line(fields), Line(w => EventJson.Write(w, e)));
        Assert.Equal("""{"type":"Deposited","position":7,"token":"MOET","amount":"1234.50000000"}""", Line(w => EventJson.Write(w, new Deposited(7, "MOET", a))));
    }
}
