using System.Diagnostics;

namespace FlowAlp.Protocol.Tests.Scripting;

/// <summary>The real `flowalp script` process: exit 0 and JSON Lines for a good script, exit 2 and one stderr line for a bad one.</summary>
public class CliExitCodeTests
{
    private static (int Code, string Out, string Err) RunCli(string scriptText)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll");
        string file = Path.Combine(Path.GetTempPath(), $"flowalp-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, scriptText);
        try
        {
            var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" script \"{file}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Good_script_exits_0_with_one_line_per_step()
    {
        var (code, output, err) = RunCli(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "CV01.json")));
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"health\":\"1.300000000009750000000073\"", lines[1]);
    }

    [Fact]
    public void Malformed_script_exits_2_with_one_stderr_line_and_no_output()
    {
        var (code, output, err) = RunCli("""{"tokens":[],"steps":[{"op":"withdraw","position":0,"as":"a","token":"MOET","amount":"-1"}]}""");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("step 0 (withdraw): field 'amount': '-1' is negative", err.Trim());
    }
}
