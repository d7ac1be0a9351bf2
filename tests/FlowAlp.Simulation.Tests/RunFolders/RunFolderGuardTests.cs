using System.Text.Json.Nodes;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.RunFolders;

/// <summary>
/// What `run`, `fork` and `resume` may do to folders: --out validated, a folder FlowAlp did not create refused (and left
/// untouched) unless --force, which writes beside the user's files and never over them; a fork only reads its source,
/// even a read-only one; a finished run is not re-run; a malformed run.json is one line and exit 2.
/// </summary>
public class RunFolderGuardTests
{
    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        using var p = CliProcess.Start(args);
        return await p.Exit();
    }

    [Theory]
    [InlineData("", "run: --out: is empty")]
    [InlineData("  ", "run: --out: is empty")]
    [InlineData("/", "run: --out '/': is a filesystem root; give a folder of its own")]
    [InlineData("out/a\"b", "run: --out 'out/a\"b': must not contain quotes, ';' or control characters")]
    [InlineData("out/a;b", "run: --out 'out/a;b': must not contain quotes, ';' or control characters")]
    [InlineData("out/a\tb", "run: --out 'out/a?b': must not contain quotes, ';' or control characters")]
    [InlineData("FlowAlp.sln", "run: --out 'FlowAlp.sln': is an existing file, not a folder")]
    public async Task A_bad_out_path_is_one_line_and_exit_2_before_anything_is_written(string outDir, string message)
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "s.json");
            File.WriteAllText(file, Scenario(1));
            Assert.Equal((2, "", message + "\n"), await Cli("run", file, "--quiet", "--out", outDir));
            Assert.Equal(["s.json"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
            Assert.False(Directory.Exists(Path.Combine(Repo.Root, "out", "a\"b")) || Directory.Exists(Path.Combine(Repo.Root, "out", "a;b")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_folder_flowalp_did_not_create_is_refused_untouched_and_force_writes_only_beside_its_files()
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "s.json"), mine = Path.Combine(root, "mine");
            File.WriteAllText(file, Scenario(2));
            Directory.CreateDirectory(Path.Combine(mine, "plots"));
            File.WriteAllText(Path.Combine(mine, "journal.db"), "my own database");
            File.WriteAllText(Path.Combine(mine, "plots", "figure.png"), "my own figure");
            File.WriteAllText(Path.Combine(mine, "notes.txt"), "my notes");
            var before = Hashes(mine);

            Assert.Equal((2, "", $"run: --out '{mine}': exists and holds files FlowAlp did not write (no .flowalp-manifest.json); choose a new folder, or add --force to write beside them\n"),
                await Cli("run", file, "--quiet", "--out", mine));
            Assert.Equal(before, Hashes(mine));
            // --force never writes over a file FlowAlp did not write
            Assert.Equal((2, "", $"run: --out '{mine}': 'journal.db' is there and FlowAlp did not write it (--force writes beside other files, never over them); move it away first\n"),
                await Cli("run", file, "--quiet", "--out", mine, "--force"));
            Assert.Equal(before, Hashes(mine));
            File.Delete(Path.Combine(mine, "journal.db"));
            Assert.Equal((2, "", $"run: --out '{mine}': 'plots' is there and FlowAlp did not write it (--force writes beside other files, never over them); move it away first\n"),
                await Cli("run", file, "--quiet", "--out", mine, "--force"));
            Directory.Delete(Path.Combine(mine, "plots"), true);

            var (code, _, err) = await Cli("run", file, "--quiet", "--out", mine, "--force");
            Assert.True(code == 0, err);
            Assert.Equal("my notes", File.ReadAllText(Path.Combine(mine, "notes.txt")));
            Assert.True(File.Exists(Path.Combine(mine, ".flowalp-manifest.json")));
            // now it is FlowAlp's folder: a second run replaces its own outputs and still leaves the notes
            (code, _, err) = await Cli("run", file, "--quiet", "--out", mine, "--seed", "8");
            Assert.True(code == 0, err);
            Assert.Equal("my notes", File.ReadAllText(Path.Combine(mine, "notes.txt")));
            Assert.Contains("(seed 8)", File.ReadAllText(Path.Combine(mine, "report.html")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_sweep_into_a_folder_flowalp_did_not_create_is_refused_and_force_writes_beside_its_files()
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "s.json"), mine = Path.Combine(root, "mine");
            File.WriteAllText(file, Scenario(1, "off"));
            Directory.CreateDirectory(mine);
            File.WriteAllText(Path.Combine(mine, "runs.csv"), "my own table");
            Assert.Equal((2, "", $"sweep {file}: --out '{mine}': exists and holds files FlowAlp did not write (no .flowalp-manifest.json); choose a new folder, or add --force to write beside them\n"),
                await Cli("sweep", file, "--seeds", "2", "--out", mine));
            Assert.Equal((2, "", $"sweep {file}: --out '{mine}': 'runs.csv' is there and FlowAlp did not write it (--force writes beside other files, never over them); move it away first\n"),
                await Cli("sweep", file, "--seeds", "2", "--out", mine, "--force"));
            Assert.Equal("my own table", File.ReadAllText(Path.Combine(mine, "runs.csv")));
            File.Move(Path.Combine(mine, "runs.csv"), Path.Combine(mine, "mine.csv"));
            var (code, _, err) = await Cli("sweep", file, "--seeds", "2", "--out", mine, "--force");
            Assert.True(code == 0, err);
            Assert.Equal("my own table", File.ReadAllText(Path.Combine(mine, "mine.csv")));
            Assert.True(File.Exists(Path.Combine(mine, "sweep.json")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_fork_only_reads_its_source_even_a_read_only_one()
    {
        string root = TempRoot();
        string source = Path.Combine(root, "source");
        try
        {
            string file = Path.Combine(root, "s.json");
            File.WriteAllText(file, Scenario(6));
            var (code, _, err) = await Cli("run", file, "--quiet", "--out", source);
            Assert.True(code == 0, err);
            SetWritable(source, false);
            var before = Hashes(source);
            var names = Directory.GetFileSystemEntries(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

            string fork = Path.Combine(root, "fork");
            (code, _, err) = await Cli("fork", source, "--at", "150", "--set", """prices.FLOW={"process":"constant","start":1.0}""", "--out", fork, "--quiet");
            Assert.True(code == 0, err);
            // it did start from the source's journal (a snapshot before step 150), read from a copy that is gone again
            Assert.Contains("Restored the state after step 140 (t = 8400 s) from the source run's snapshot", File.ReadAllText(Path.Combine(fork, "run.log")));
            Assert.False(Directory.Exists(Path.Combine(fork, ".source-journal")));
            // (the tests may run as root, who could write anyway: the bytes and the file list are what must not change)
            Assert.Equal(before, Hashes(source));
            Assert.Equal(names, Directory.GetFileSystemEntries(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList());
        }
        finally
        {
            if (Directory.Exists(source)) SetWritable(source, true);
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public async Task Resuming_a_finished_run_says_so_and_changes_nothing()
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "s.json"), dir = Path.Combine(root, "run");
            File.WriteAllText(file, Scenario(2));
            var (code, _, err) = await Cli("run", file, "--quiet", "--out", dir);
            Assert.True(code == 0, err);
            var before = Hashes(dir);
            before.Remove("run.log");
            before.Remove(".flowalp.lock"); // holds the pid of the last process in the folder

            Assert.Equal((0, $"resume {dir}: already finished: results in {dir}\n", ""), await Cli("resume", dir, "--quiet"));
            var after = Hashes(dir);
            after.Remove("run.log");
            after.Remove(".flowalp.lock");
            Assert.Equal(before, after);
            Assert.Contains("Resume: the run already finished; nothing to do", File.ReadAllText(Path.Combine(dir, "run.log")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Theory]
    [InlineData("[", "run.json: not valid JSON: ")]
    [InlineData("null", "run.json: not a JSON object")]
    [InlineData("""{"format":"three"}""", "run.json: format: must be an integer")]
    [InlineData("""{"format":2}""", "written by an older flowalp (run format 2; this one resumes and forks format 3): start it again with flowalp run")]
    [InlineData("""{"format":99}""", "written by a newer format (99); use a newer flowalp")]
    [InlineData("""{"format":3,"engine":5}""", "run.json: engine: must be a string")]
    [InlineData("""{"format":3,"engine":"gpu"}""", "run.json: engine: must be \"actors\", \"plain\" or \"cluster\", not \"gpu\"")]
    [InlineData("""{"format":3,"journalId":"../../x"}""", "run.json: journalId: must be 1 to 100 letters, digits, '-' or '_'")]
    [InlineData("""{"format":3,"fork":5}""", "run.json: fork: must be an object")]
    [InlineData("""{"format":3,"fork":{"set":[]}}""", "run.json: fork.atStep: missing")]
    [InlineData("""{"format":3,"fork":{"atStep":"a"}}""", "run.json: fork.atStep: must be an integer")]
    [InlineData("""{"format":3,"fork":{"atStep":5,"set":[1]}}""", "run.json: fork.set: must be an array of strings")]
    [InlineData("""{"format":3,"fork":{"atStep":5,"set":[],"replaceFaults":"yes"}}""", "run.json: fork.replaceFaults: must be true or false")]
    public async Task A_malformed_run_json_is_one_line_and_exit_2(string meta, string reason)
    {
        string root = TempRoot();
        try
        {
            string dir = Path.Combine(root, "run");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "scenario.json"), Scenario(1));
            File.WriteAllText(Path.Combine(dir, "run.json"), meta);
            var (code, stdout, err) = await Cli("resume", dir, "--quiet");
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            var line = Assert.Single(Lines(err));
            Assert.StartsWith($"resume {dir}: ", line);
            Assert.Contains(reason, line);
            Assert.DoesNotContain("   at ", err);
            Assert.Equal(["run.json", "scenario.json"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_malformed_scenario_json_in_a_run_folder_is_one_line_and_exit_2()
    {
        string root = TempRoot();
        try
        {
            string dir = Path.Combine(root, "run");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "scenario.json"), "{\"name\": ");
            File.WriteAllText(Path.Combine(dir, "run.json"), """{"format":3}""");
            var (code, _, err) = await Cli("resume", dir, "--quiet");
            Assert.Equal(2, code);
            Assert.StartsWith($"resume {dir}: {Path.Combine(dir, "scenario.json")}: not valid JSON: ", Assert.Single(Lines(err)));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_run_folder_whose_own_files_are_links_is_refused()
    {
        string root = TempRoot();
        try
        {
            string dir = Path.Combine(root, "run"), victim = Path.Combine(root, "victim.txt");
            Directory.CreateDirectory(dir);
            File.WriteAllText(victim, "not FlowAlp's");
            File.WriteAllText(Path.Combine(dir, "scenario.json"), Scenario(1));
            File.WriteAllText(Path.Combine(dir, "run.json"), """{"format":3}""");
            File.CreateSymbolicLink(Path.Combine(dir, "timeseries.csv.partial"), victim);
            var (code, _, err) = await Cli("resume", dir, "--quiet");
            Assert.Equal(2, code);
            Assert.Equal($"resume {dir}: {Path.Combine(dir, "timeseries.csv.partial")}: is a symbolic link; a run folder's own files must be plain files (FlowAlp does not follow links in a run folder)",
                Assert.Single(Lines(err)));
            Assert.Equal("not FlowAlp's", File.ReadAllText(victim));
        }
        finally { Directory.Delete(root, true); }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetWritable(string dir, bool writable)
    {
        const UnixFileMode Write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (var path in Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Append(dir))
        {
            var mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, writable ? mode | UnixFileMode.UserWrite : mode & ~Write);
        }
    }
}
