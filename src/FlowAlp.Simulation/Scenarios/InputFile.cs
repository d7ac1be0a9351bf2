using System.Text;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Reads a user-named input file (scenario, script, CSV prices, connection file) with bounds: a regular, non-empty file
/// of at most <c>maxBytes</c>, valid UTF-8. A directory, a device such as /dev/zero, a FIFO or a socket is refused before
/// it is opened (they all report a size of 0), so nothing blocks and nothing reads without end.
/// </summary>
public static class InputFile
{
    /// <summary>The text of <paramref name="path"/>; <paramref name="fail"/> makes the error from one line (the reason).</summary>
    public static string ReadText(string path, long maxBytes, Func<string, Exception> fail)
    {
        if (string.IsNullOrWhiteSpace(path)) throw fail("no file named");
        if (Directory.Exists(path)) throw fail($"'{path}' is a directory, not a file");
        var info = new FileInfo(path);
        try
        {
            // a symbolic link is judged by what it finally points to (a link to /dev/zero is a device, not a 9-byte file)
            if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? throw fail($"'{path}' is a link to a directory, not a file");
        }
        catch (IOException e) { throw fail($"cannot read '{path}': {e.Message}"); }
        if (!info.Exists) throw fail(Directory.Exists(info.FullName) ? $"'{path}' is a link to a directory, not a file" : $"file not found: {path}");
        // st_size is 0 for devices, FIFOs, sockets and /proc files: refusing 0 keeps special files out without opening them
        if (info.Length == 0) throw fail($"'{path}' is empty or not a regular file");
        if (info.Length > maxBytes) throw fail($"'{path}' is {info.Length:N0} bytes, more than the limit of {maxBytes:N0}");
        byte[] bytes;
        try
        {
            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            bytes = new byte[info.Length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read != bytes.Length || stream.ReadByte() != -1) throw fail($"'{path}' changed while it was read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot read '{path}': {e.Message}");
        }
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF'); }
        catch (DecoderFallbackException) { throw fail($"'{path}' is not UTF-8 text"); }
    }
}
