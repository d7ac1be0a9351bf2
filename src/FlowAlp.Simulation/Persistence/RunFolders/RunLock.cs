using System.Runtime.InteropServices;
using System.Text;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// The live process's hold on its run folder: <see cref="FileName"/> opened with <see cref="FileShare.None"/>, which .NET
/// takes as an OS lock (flock(LOCK_EX) on Unix), and holding the process id. A second run, resume or fork into the folder
/// is refused while it is held; the OS drops the lock when the process ends, however it ends, so the file a killed run
/// leaves behind blocks nobody. The file itself is kept (deleting it would let two processes lock two different files).
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".flowalp.lock";
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <exception cref="SimulationException">the folder is held by another process, or the lock file cannot be made</exception>
    public static RunLock Acquire(string dir)
    {
        string path = Path.Combine(dir, FileName);
        if (new FileInfo(path).LinkTarget is not null) throw new SimulationException($"{path}: is a symbolic link; FlowAlp does not follow links in a run folder");
        FileStream file;
        try { file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path) && Holder(path) is var pid)
        {
            throw new SimulationException($"{dir}: in use by another flowalp process{(pid is null ? "" : $" (pid {pid})")} that holds {FileName}; wait for it to finish or stop it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SimulationException($"{path}: cannot be created: {e.Message}"); }
        try
        {
            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            file.Flush();
        }
        catch (IOException) { } // the pid is for the message only: the lock is what counts
        return new RunLock(file);
    }

    /// <summary>Whether another process holds the folder's lock now (a fork's source is only read: it is not locked, only checked).</summary>
    public static string? HeldBy(string dir)
    {
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            // a shared lock on a read-only handle: refused while a live process holds the exclusive one, and writes nothing
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return null;
        }
        catch (IOException) { return Holder(path) ?? "?"; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The pid written in the lock file, read without taking a lock (.NET's own open would ask for one and be refused).</summary>
    private static string? Holder(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        int fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0) return null;
        try
        {
            var buffer = new byte[32];
            long n = Read(fd, buffer, buffer.Length);
            string text = n > 0 ? Encoding.ASCII.GetString(buffer, 0, (int)n).Trim() : "";
            return text.Length > 0 && text.All(char.IsAsciiDigit) ? text : null;
        }
        finally { _ = Close(fd); }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    public void Dispose() => _file.Dispose();
}
