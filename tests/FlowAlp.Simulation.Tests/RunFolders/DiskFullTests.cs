using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.RunFolders;

/// <summary>
/// A real full disk (ENOSPC): the run writes into a small tmpfs mounted in a private mount namespace of its own
/// (`unshare --mount`: the mount exists only for that process and goes with it; nothing on the machine changes). The run
/// stops with one line and exit 1, and its folder (copied out of the tmpfs) resumes to the uninterrupted result. Where
/// the machine does not allow the namespace (no unshare, no CAP_SYS_ADMIN), the test says so in its output and passes.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("400k")] // the journal fills first (SQLite: database or disk is full)
    [InlineData("900k")] // the event log fills first (No space left on device)
    public async Task A_full_disk_stops_the_run_with_one_line_and_the_folder_resumes_to_the_uninterrupted_result(string size)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/unshare")) { output.WriteLine("skipped: needs Linux and unshare"); return; }
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "s.json"), clean = Path.Combine(root, "clean"), mount = Path.Combine(root, "tmpfs"), copy = Path.Combine(root, "copy");
            File.WriteAllText(file, Scenario(24));
            Directory.CreateDirectory(mount);
            using (var p = CliProcess.Start("run", file, "--quiet", "--out", clean))
            {
                var (cleanCode, _, cleanErr) = await p.Exit();
                Assert.True(cleanCode == 0, cleanErr);
            }

            string cli = Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll");
            string script = $"mount -t tmpfs -o size={size} flowalp-enospc '{mount}' || exit 97; dotnet '{cli}' run '{file}' --quiet --out '{mount}/run'; rc=$?; cp -a '{mount}/run' '{copy}'; exit $rc";
            var psi = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", script])
                { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
            using var run = Process.Start(psi)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5))) await run.WaitForExitAsync(cts.Token);
            if (run.ExitCode == 97 || (await stderr).Contains("unshare: "))
            {
                output.WriteLine($"skipped: no private tmpfs here ({(await stderr).Trim()})");
                return;
            }

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", await stdout);
            string line = Assert.Single(Lines(await stderr));
            output.WriteLine(line);
            var m = Regex.Match(line, $@"^run {Regex.Escape(mount)}/run: (journal: write failed: SQLite Error 13: 'database or disk is full'\.; the run stops here, nothing after step (\d+) was saved; continue with: flowalp resume {Regex.Escape(mount)}/run"
                + $@"|cannot write its outputs \(No space left on device : '{Regex.Escape(mount)}/run/[a-z.]+'\); the journal holds the run up to step (\d+): continue with: flowalp resume {Regex.Escape(mount)}/run once there is room)$");
            Assert.True(m.Success, line);
            Assert.False(File.Exists(Path.Combine(copy, "summary.json")));
            Assert.True(File.Exists(Path.Combine(copy, "timeseries.csv.partial")));

            using (var p = CliProcess.Start("resume", copy, "--quiet"))
            {
                var (code, _, err) = await p.Exit();
                Assert.True(code == 0, err);
            }
            AssertSameOutputs(clean, copy);
        }
        finally { Directory.Delete(root, true); }
    }
}
