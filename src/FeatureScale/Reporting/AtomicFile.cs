namespace FeatureScale.Reporting;

/// <summary>
/// Writes files so that a reader (or a resumed run after a crash) never sees half a file: temp file, fsync of its
/// data, atomic rename, fsync of the folder (so that the rename itself survives a power cut, which otherwise can
/// leave an empty file that then blocks a resume).
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes text to path via a temporary file in the same folder and an atomic rename.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes a file atomically through a callback that writes to the temporary path (e.g. a plotting library's
    /// Save(path)); the temporary name keeps the extension so that format detection by extension still works.</summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}-{Path.GetFileName(full)}");
        try
        {
            writeTo(tmp);
            SyncFile(tmp);
            File.Move(tmp, full, overwrite: true);
            SyncFolder(Path.GetDirectoryName(full)!);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
            SyncFolder(Path.GetDirectoryName(full)!);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    /// <summary>Number of folder fsyncs done by this process (for tests).</summary>
    public static long FolderSyncs => Interlocked.Read(ref _folderSyncs);
    private static long _folderSyncs;

    private static void SyncFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>fsync of a folder (POSIX: open O_RDONLY + fsync); a no-op on Windows, where NTFS journals renames.</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(folder, 0);
        if (fd < 0) return;
        try { if (Fsync(fd) == 0) Interlocked.Increment(ref _folderSyncs); }
        finally { _ = Close(fd); }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "open", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
