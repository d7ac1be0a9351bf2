using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.RunFolders;

/// <summary>The real `flowalp` process, running in the background: its output is collected as it comes, so a test can wait on it.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new(), _err = new();

    private CliProcess(Process p) => _process = p;

    public static CliProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi };
        var cli = new CliProcess(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._out) cli._out.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli._err) cli._err.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return cli;
    }

    public int Id => _process.Id;

    /// <summary>What the process wrote to stderr so far.</summary>
    public string ErrSoFar { get { lock (_err) return _err.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>Sends a POSIX signal (INT, TERM) the way a terminal or a service manager would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Id.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit (bounded): the exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Out, string Err)> Exit(int seconds = 300)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the output events
        lock (_out) lock (_err) return (_process.ExitCode, _out.ToString(), _err.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(); }
        _process.Dispose();
    }
}

/// <summary>Shared steps of the run-folder tests.</summary>
internal static class RunFolderKit
{
    /// <summary>The crash scenario, persistent (state snapshots every 20 steps), of <paramref name="hours"/> hours.</summary>
    public static string Scenario(int hours, string mode = "checkpoint")
    {
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["durationHours"] = hours;
        o["persistence"] = new JsonObject { ["mode"] = mode, ["everySteps"] = 20 };
        return o.ToJsonString();
    }

    public static string TempRoot()
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-folders-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>Polls <paramref name="done"/> until it holds (bounded): no sleep stands in for an event.</summary>
    public static async Task Until(Func<bool> done, string what, int seconds = 120)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out after {seconds} s waiting for {what}");
            await Task.Delay(25);
        }
    }

    /// <summary>How many state snapshots the run's journal stores (read-only: a live run may be writing it).</summary>
    public static int Snapshots(string dir)
    {
        string db = Path.Combine(dir, "journal.db");
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM snapshot";
            return (int)Convert.ToInt64(cmd.ExecuteScalar());
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return 0; } // not created yet, or busy: ask again
    }

    /// <summary>Every file under <paramref name="dir"/> (hidden ones too) with its SHA-256.</summary>
    public static SortedDictionary<string, string> Hashes(string dir) => new(
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    public static void AssertSameOutputs(string expected, string actual)
    {
        foreach (var f in new[] { "summary.json", "timeseries.csv", "events.jsonl", "positions.csv", "timeseries-populations.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), f + " differs from the uninterrupted run's");
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }
}
