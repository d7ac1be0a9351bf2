using System.Globalization;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// <c>"interpolation": "bridge"</c> on a <c>csv</c> price: the records (already read and checked as a replay) become the
/// bridge's pins. Each record must be at a whole second; the volatility is <c>volatility</c> if given, else calibrated
/// from the series (<see cref="LogReturnVolatility"/>, at least three records). Errors name the file and line.
/// </summary>
internal static class CsvBridgeReader
{
    public static CsvBridgePrice Read(JsonReader p, double start, string file, string? column, ReplayPath series, int firstLine, string token)
    {
        var records = series.Observations;
        double? given = p.Has("volatility") ? p.Double("volatility", min: 0, max: 20) : null;
        int least = given is null ? LogReturnVolatility.MinObservations : 2;
        if (records.Count < least)
            throw p.Error("file", $"{file}:{firstLine}: '{token}' has {records.Count} record{(records.Count == 1 ? "" : "s")}, too few for a bridge (at least {least}{(given is null ? " to calibrate its volatility; or give volatility" : "")})");
        var pins = new List<PricePin>(records.Count);
        foreach (var (time, price) in records)
        {
            if (UFix64.FromInteger(time.Floor) != time)
                throw p.Error("file", $"{file}: the '{token}' record at {time} s is not at a whole second (a bridge's points are whole seconds from the start)");
            pins.Add(new PricePin(time.Floor, price.ToDouble()));
        }
        double volatility = given ?? LogReturnVolatility.Annualised(records);
        if (!double.IsFinite(volatility) || volatility > 20)
            throw p.Error("file", $"{file}: the '{token}' series has an annualised volatility of {volatility.ToString("0.###", CultureInfo.InvariantCulture)}, above the limit of 20 (give volatility)");
        return new CsvBridgePrice(start, file, column, pins, volatility, given is null);
    }
}
