using System.Security.Cryptography;
using System.Text;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A persistent run's state after step <see cref="Step"/>, as the journal's snapshot store keeps it: the journal header
/// (which scenario, format and engine wrote it: a snapshot replaces the events before it on recovery), the engine's
/// state, the runner's own state (samples kept, invariant results), and how long timeseries.csv was with the SHA-256 of
/// those bytes (the event log's hash is in the engine's checkpoint). Resume restores it only when the partial files on
/// disk still hash to these, and runs from the next step; the outputs equal an uninterrupted run's.
/// </summary>
public sealed record RunSnapshot(JournalOpened Header, long Step, ulong Time, EngineSnapshot Engine, byte[] Runner, long SeriesLength, string SeriesSha256)
{
    // 2: the series' SHA-256 (journal format 3); a format-1 snapshot is "not a run snapshot" here
    private static readonly byte[] Magic = "FARUNSN2"u8.ToArray();

    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Header.ScenarioSha256); w.Write(Header.Format); w.Write(Header.Engine);
            w.Write(Step); w.Write(Time); w.Write(SeriesLength); w.Write(SeriesSha256);
            var log = Engine.Log;
            w.Write(log.Count); w.Write(log.FileLength); w.Write(log.Sha256);
            WriteLines(w, log.Lines);
            WriteLines(w, log.StepLines);
            w.Write(Runner.Length); w.Write(Runner);
            w.Write(Engine.State.Length); w.Write(Engine.State);
        }
        ms.Write(SHA256.HashData(ms.GetBuffer().AsSpan(0, (int)ms.Length)));
        return ms.ToArray();
    }

    /// <summary>The header only (journal recovery reads it without the state).</summary>
    public static JournalOpened HeaderOf(byte[] data) => HeaderAndStep(data).Header;

    /// <summary>The header and the step, without checking or reading the state.</summary>
    public static (JournalOpened Header, long Step) HeaderAndStep(byte[] data)
    {
        using var r = Open(data, verify: false);
        try { return (new JournalOpened(r.ReadString(), r.ReadInt32(), r.ReadString()), r.ReadInt64()); }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or DecoderFallbackException)
        {
            throw new InvalidDataException($"state snapshot is damaged ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
    }

    /// <exception cref="InvalidDataException">damaged, truncated, or not a run snapshot</exception>
    public static RunSnapshot Parse(byte[] data)
    {
        using var r = Open(data, verify: true);
        try
        {
            var header = new JournalOpened(r.ReadString(), r.ReadInt32(), r.ReadString());
            long step = r.ReadInt64();
            ulong time = r.ReadUInt64();
            long series = r.ReadInt64();
            string seriesSha = r.ReadString();
            var log = new EventLogCheckpoint(r.ReadInt64(), r.ReadInt64(), r.ReadString(), ReadLines(r), ReadLines(r));
            var runner = r.ReadBytes(Count(r, 1));
            var state = r.ReadBytes(Count(r, 1));
            return new RunSnapshot(header, step, time, new EngineSnapshot(state, log), runner, series, seriesSha);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or DecoderFallbackException)
        {
            throw new InvalidDataException($"state snapshot is damaged ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
    }

    private static BinaryReader Open(byte[] data, bool verify)
    {
        if (data.Length < Magic.Length + 32 || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("not a run snapshot (or one of a format this build does not read)");
        if (verify && !SHA256.HashData(data.AsSpan(0, data.Length - 32)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 32)))
            throw new InvalidDataException("state snapshot is damaged or truncated (its SHA-256 does not match)");
        var r = new BinaryReader(new MemoryStream(data, Magic.Length, data.Length - Magic.Length - 32, writable: false), Encoding.UTF8);
        return r;
    }

    private static void WriteLines(BinaryWriter w, string[]? lines)
    {
        w.Write(lines is null ? -1 : lines.Length);
        foreach (var l in lines ?? []) w.Write(l);
    }

    /// <summary>A count read from the bytes, refused unless what remains can hold that many items of at least <paramref name="minBytes"/>.</summary>
    private static int Count(BinaryReader r, int minBytes) => Bounded(r, r.ReadInt32(), minBytes);

    private static int Bounded(BinaryReader r, int n, int minBytes)
    {
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if (n < 0 || (long)n * minBytes > left) throw new InvalidDataException($"state snapshot is damaged (a count of {n} with {left} bytes left)");
        return n;
    }

    private static string[]? ReadLines(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n == -1) return null;
        Bounded(r, n, 1);
        var lines = new string[n];
        for (int i = 0; i < n; i++) lines[i] = r.ReadString();
        return lines;
    }
}
