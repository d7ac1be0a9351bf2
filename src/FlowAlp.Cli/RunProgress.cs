using System.Diagnostics;
using System.Globalization;

namespace FlowAlp.Cli;

/// <summary>
/// How a run reports its pace: the progress line (simulated time, simulated hours per wall-clock second, ETA) and the
/// one end line every finished run prints, --quiet or not (its pace, where the results are, what the exit code means).
/// Pure text: the rate is simulated time over wall time since the run started (set-up included).
/// </summary>
internal static class RunProgress
{
    /// <summary>
    /// The pace of the steps this process runs: a resume or a fork starts after step 0, so the rate counts simulated
    /// time from the first sample it reports (less one sampling period, as samples come every period), over the wall
    /// time since it started.
    /// </summary>
    public sealed class Clock(double totalHours, double sampleHours)
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private double? _fromHours;

        public double WallSeconds => _wall.Elapsed.TotalSeconds;

        /// <summary>Simulated hours this process has run (all of them before the first report: a run that reports nothing ran whole).</summary>
        public double HoursRun(double atHours) => atHours - (_fromHours ?? 0);

        /// <summary>Notes a step's end; the pace so far.</summary>
        public string Observe(double atHours)
        {
            _fromHours ??= Math.Max(0, atHours - sampleHours);
            return Pace(HoursRun(atHours), atHours, totalHours, WallSeconds);
        }
    }

    /// <summary>"12.0/24.0 h · 5.7 sim h/s · ETA 0:02" (short: a terminal line also holds the bar): at simulated hour <paramref name="atHours"/>, <paramref name="hoursRun"/> of them run in <paramref name="wallSeconds"/>.</summary>
    public static string Pace(double hoursRun, double atHours, double totalHours, double wallSeconds)
    {
        double rate = hoursRun / Math.Max(wallSeconds, 1e-3);
        string eta = rate <= 0 ? "–" : Duration((totalHours - atHours) / rate);
        return Invariant($"{atHours:0.0}/{totalHours:0.0} h · {Rate(rate)} sim h/s · ETA {eta}");
    }

    /// <summary>
    /// "run default: 24.0 simulated h in 4.21 s (5.7 simulated h/s); results in /abs/out/default (report.html); exit 0: done";
    /// a run with <c>outputs.html</c> off writes no page, so the line points at summary.json instead.
    /// </summary>
    public static string EndLine(string label, string name, double simHours, double wallSeconds, string dir, int code, string meaning, bool html = true) =>
        Invariant($"{label} {name}: {simHours:0.0} simulated h in {wallSeconds:0.00} s ({Rate(simHours / Math.Max(wallSeconds, 1e-3))} simulated h/s); ")
        + $"results in {Path.GetFullPath(dir)} ({(html ? "report.html" : "summary.json")}); exit {code}: {meaning}";

    /// <summary>A rate with a sensible number of digits: 0.05, 5.7, 1,234.</summary>
    public static string Rate(double perSecond) => perSecond switch
    {
        < 1 => perSecond.ToString("0.00", CultureInfo.InvariantCulture),
        < 100 => perSecond.ToString("0.0", CultureInfo.InvariantCulture),
        _ => perSecond.ToString("#,0", CultureInfo.InvariantCulture),
    };

    /// <summary>Seconds as m:ss, or h:mm:ss from an hour on.</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1 ? Invariant($"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}") : Invariant($"{t.Minutes}:{t.Seconds:00}");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
