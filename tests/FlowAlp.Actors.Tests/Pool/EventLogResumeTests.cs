using System.Security.Cryptography;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// A run restored from a state snapshot continues its event log from the snapshot's checkpoint: lines written after
/// it (lost in the crash) are cut, the rest must hash to the checkpoint, and the continued log is byte for byte the
/// log of a run that never stopped.
/// </summary>
public class EventLogResumeTests
{
    private static void Before(EventLogWriter w) { for (int i = 0; i < 5; i++) w.AppendEngine(UFix64.FromInteger(1), "X", ("k", i)); }
    private static void Lost(EventLogWriter w) { for (int i = 0; i < 3; i++) w.AppendEngine(UFix64.FromInteger(9), "Lost", ("why", "crash"), ("i", i)); }
    private static void After(EventLogWriter w) { for (int i = 5; i < 9; i++) w.AppendEngine(UFix64.FromInteger(2), "Y", ("k", i), ("note", "é \"q\"")); }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"flowalp-resume-{Guid.NewGuid():N}.jsonl");

    /// <summary>The uninterrupted run: Before then After into <paramref name="file"/>; its hash.</summary>
    private static string Uninterrupted(string file)
    {
        using var w = new EventLogWriter(new EventLogOptions(Retain: false, File: file));
        Before(w);
        After(w);
        w.Flush();
        return w.Sha256();
    }

    /// <summary>A run that took a checkpoint after Before, went on a little and crashed.</summary>
    private static EventLogCheckpoint Crashed(string file)
    {
        using var w = new EventLogWriter(new EventLogOptions(Retain: false, File: file));
        Before(w);
        var at = w.Checkpoint();
        Lost(w);
        w.Flush();
        return at;
    }

    [Fact]
    public void A_resumed_file_log_equals_one_that_never_stopped()
    {
        string reference = TempFile(), file = TempFile();
        try
        {
            string expectedHash = Uninterrupted(reference);
            var at = Crashed(file);
            var prefix = File.ReadAllBytes(file)[..(int)at.FileLength];
            Assert.Equal(5, at.Count);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(prefix)).ToLowerInvariant(), at.Sha256);
            Assert.Null(at.Lines); // not retained
            Assert.True(new FileInfo(file).Length > at.FileLength); // the lost lines are in the file

            using (var w = new EventLogWriter(new EventLogOptions(Retain: false, File: file), at))
            {
                Assert.Equal(5, w.Count);
                Assert.Equal(at.Sha256, w.Sha256());
                After(w);
                w.Flush();
                Assert.Equal(9, w.Count);
                Assert.Equal(expectedHash, w.Sha256());
            }
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(file));
            Assert.DoesNotContain("Lost", File.ReadAllText(file));
        }
        finally { File.Delete(reference); File.Delete(file); }
    }

    [Fact]
    public void A_file_shorter_than_the_checkpoint_is_refused()
    {
        string file = TempFile();
        try
        {
            var at = Crashed(file);
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..(int)(at.FileLength - 5)]);
            var e = Assert.Throws<InvalidDataException>(() => new EventLogWriter(new EventLogOptions(Retain: false, File: file), at));
            Assert.Equal($"event log {file}: {at.FileLength - 5} bytes, shorter than the {at.FileLength} the snapshot recorded", e.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_file_whose_lines_were_altered_is_refused()
    {
        string file = TempFile();
        try
        {
            var at = Crashed(file);
            var bytes = File.ReadAllBytes(file);
            int x = Array.IndexOf(bytes, (byte)'X');
            bytes[x] = (byte)'Z'; // same length, other content, before the checkpoint
            File.WriteAllBytes(file, bytes);
            var e = Assert.Throws<InvalidDataException>(() => new EventLogWriter(new EventLogOptions(Retain: false, File: file), at));
            Assert.Equal($"event log: its first 5 lines do not hash to the snapshot's ({at.Sha256[..12]}…)", e.Message);
            Assert.Contains("do not hash to the snapshot's", e.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_retained_log_resumes_from_the_checkpoints_lines()
    {
        var reference = new EventLogWriter(new EventLogOptions(Retain: true));
        Before(reference);
        After(reference);

        var crashed = new EventLogWriter(new EventLogOptions(Retain: true));
        Before(crashed);
        var at = crashed.Checkpoint();
        Lost(crashed);
        Assert.Equal(reference.Lines.Take(5), at.Lines!);
        Assert.Equal(0, at.FileLength);

        var w = new EventLogWriter(new EventLogOptions(Retain: true), at);
        After(w);
        Assert.Equal(reference.Lines, w.Lines);
        Assert.Equal(reference.Sha256(), w.Sha256());
        Assert.Equal(9, w.Count);

        // a hash-only log (neither retained nor streamed) resumes from the lines too
        var hashOnly = new EventLogWriter(new EventLogOptions(Retain: false), at);
        After(hashOnly);
        Assert.Equal(reference.Sha256(), hashOnly.Sha256());
        Assert.Empty(hashOnly.Lines);
    }

    [Fact]
    public void A_retained_log_refuses_lines_that_do_not_match_or_are_missing()
    {
        var w = new EventLogWriter(new EventLogOptions(Retain: true));
        Before(w);
        var at = w.Checkpoint();

        var altered = at with { Lines = [.. at.Lines![..4], at.Lines[4].Replace("\"X\"", "\"Z\"")] };
        var e = Assert.Throws<InvalidDataException>(() => new EventLogWriter(new EventLogOptions(Retain: true), altered));
        Assert.Contains("do not hash to the snapshot's", e.Message);

        var noLines = at with { Lines = null };
        Assert.Equal("event log: the snapshot did not keep the lines this log must retain",
            Assert.Throws<InvalidDataException>(() => new EventLogWriter(new EventLogOptions(Retain: true), noLines)).Message);
        Assert.Equal("event log: the snapshot has neither the log's file nor its lines",
            Assert.Throws<InvalidDataException>(() => new EventLogWriter(new EventLogOptions(Retain: false), noLines)).Message);
    }

    [Fact]
    public void Pending_step_lines_are_carried_over()
    {
        var options = new EventLogOptions(Retain: true, CollectSteps: true);
        var reference = new EventLogWriter(options);
        Before(reference);
        Assert.Equal(5, reference.TakeStepLines().Length); // a step recorded its lines
        reference.AppendEngine(UFix64.FromInteger(1), "Pending", ("k", 1));
        reference.AppendEngine(UFix64.FromInteger(1), "Pending", ("k", 2));
        var at = reference.Checkpoint();
        Assert.Equal(reference.Lines.Skip(5), at.StepLines!);

        var resumed = new EventLogWriter(options, at);
        After(resumed);
        After(reference);
        var expected = reference.TakeStepLines();
        Assert.Equal(6, expected.Length); // the two pending lines and the four new ones
        Assert.Equal(expected, resumed.TakeStepLines());
        Assert.Empty(resumed.TakeStepLines());

        // a log that does not collect steps drops them
        var plain = new EventLogWriter(new EventLogOptions(Retain: true), at);
        Assert.Empty(plain.TakeStepLines());
    }
}
