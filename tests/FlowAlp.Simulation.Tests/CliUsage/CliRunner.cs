using System.Diagnostics;

namespace FlowAlp.Simulation.Tests.CliUsage;

/// <summary>
/// The built `flowalp` (this test binary's FlowAlp.Cli.dll) run from a chosen folder, directly or through bash with a
/// `flowalp` function, so a documented command line runs exactly as written (its quoting included).
/// </summary>
internal static class CliRunner
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll");

    public static (int Code, string Out, string Err) Run(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Wait(psi, 120);
    }

    /// <summary>A shell line in which `flowalp` is this build's CLI (as the README's `flowalp() { dotnet …dll "$@"; }`).</summary>
    public static (int Code, string Out, string Err) Bash(string cwd, string line, int seconds = 300)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = cwd };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"flowalp() {{ dotnet '{Dll}' \"$@\"; }}\n{line}");
        return Wait(psi, seconds);
    }

    private static (int, string, string) Wait(ProcessStartInfo psi, int seconds)
    {
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"timed out after {seconds} s: {string.Join(' ', psi.ArgumentList)}");
        }
        p.WaitForExit();
        return (p.ExitCode, o.Result, e.Result);
    }

    /// <summary>A shell line without its trailing comment (a '#' after a space, outside quotes).</summary>
    public static string WithoutComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i].TrimEnd();
        }
        return line.TrimEnd();
    }
}
