using FlowAlp.Simulation.Tests.RunFolders;

namespace FlowAlp.Simulation.Tests.CliUsage;

/// <summary>Arguments as the user types them: unknown options, values of the wrong kind, the usage with no command.</summary>
public sealed class CliArgumentTests : IDisposable
{
    private readonly string _dir = RunFolderKit.TempRoot();

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>An unknown option is named as one (never taken as a file name), one line, exit 2, nothing written.</summary>
    [Theory]
    [InlineData("run --frob", "flowalp run: unknown option '--frob' (see flowalp run --help)")]
    [InlineData("run config/scenarios/default.json -x", "flowalp run: unknown option '-x' (see flowalp run --help)")]
    [InlineData("chaos --frob", "flowalp chaos: unknown option '--frob' (see flowalp chaos --help)")]
    [InlineData("sweep --frob", "flowalp sweep: unknown option '--frob' (see flowalp sweep --help)")]
    [InlineData("resume out/x --frob", "flowalp resume: unknown option '--frob' (see flowalp resume --help)")]
    [InlineData("fork out/x --at 1 --out y --frob", "flowalp fork: unknown option '--frob' (see flowalp fork --help)")]
    [InlineData("script --frob", "flowalp script: unknown option '--frob' (see flowalp script --help)")]
    [InlineData("--frob", "flowalp: unknown option '--frob' (see flowalp --help) (and 1 more problem with the arguments)")]
    [InlineData("nosuch", "flowalp: unknown command 'nosuch' (see flowalp --help)")]
    [InlineData("nosuch --frob", "flowalp: unknown command 'nosuch' (see flowalp --help) (and 1 more problem with the arguments)")]
    [InlineData("run --seed -1 --frob", "flowalp run: unknown option '--frob' (see flowalp run --help) (and 1 more problem with the arguments)")]
    public void An_unknown_option_is_one_line_naming_it_and_exit_2(string args, string expected)
    {
        var (code, stdout, stderr) = CliRunner.Run(_dir, args.Split(' '));
        Assert.Equal((2, "", expected + "\n"), (code, stdout, stderr));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    /// <summary>After "--" a word that starts with a dash is a plain argument (a file may be called that).</summary>
    [Fact]
    public void After_a_double_dash_a_dashed_word_is_a_file_name()
    {
        var (code, stdout, stderr) = CliRunner.Run(_dir, "run", "--", "--frob");
        Assert.Equal((2, "", "scenario --frob: scenario: file not found: --frob\n"), (code, stdout, stderr));
    }

    /// <summary>Every typed option's bad value is said in words: no .NET type name anywhere.</summary>
    [Theory]
    [InlineData("run --seed -1", "Cannot parse argument '-1' for option '--seed' as a whole number from 0 to 18446744073709551615.")]
    [InlineData("run --seed 1.5", "Cannot parse argument '1.5' for option '--seed' as a whole number from 0 to 18446744073709551615.")]
    [InlineData("fork out/x --at 99999999999999999999 --out y", "Cannot parse argument '99999999999999999999' for option '--at' as a whole number.")]
    [InlineData("sweep --seeds many", "Cannot parse argument 'many' for option '--seeds' as a whole number.")]
    [InlineData("sweep --parallel 1.5", "Cannot parse argument '1.5' for option '--parallel' as a whole number.")]
    [InlineData("sweep --first-seed x", "Cannot parse argument 'x' for option '--first-seed' as a whole number from 0 to 18446744073709551615.")]
    [InlineData("fork out/x --at later --out y", "Cannot parse argument 'later' for option '--at' as a whole number.")]
    [InlineData("node --port http", "Cannot parse argument 'http' for option '--port' as a whole number.")]
    [InlineData("node --threads two", "Cannot parse argument 'two' for option '--threads' as a whole number.")]
    [InlineData("run --engine fast", "Argument 'fast' not recognized. Must be one of: 'actors' 'plain'")]
    [InlineData("fork out/x --out y", "Option '--at' is required.")]
    public void A_bad_value_is_said_in_words(string args, string expected)
    {
        var (code, stdout, stderr) = CliRunner.Run(_dir, args.Split(' '));
        Assert.Equal((2, "", expected + "\n"), (code, stdout, stderr));
    }

    [Fact]
    public void No_command_prints_the_usage_as_help_does_with_exit_0()
    {
        var none = CliRunner.Run(_dir);
        var help = CliRunner.Run(_dir, "--help");
        Assert.Equal((0, ""), (none.Code, none.Err));
        Assert.Equal(help, none);
        Assert.StartsWith("Description:\n  FlowAlp: a simulator of the FlowALP lending pool\n\nUsage:\n  flowalp [command] [options]\n", none.Out);
        Assert.Contains("\nExit codes:\n  0 done, 1 a failed run", none.Out);
    }
}
