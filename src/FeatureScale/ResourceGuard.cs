using System.Globalization;

namespace FeatureScale;

/// <summary>
/// Refuses work whose memory estimate exceeds what the machine can give, before anything is allocated: the estimate
/// (computed in double precision, so sizes such as P = 2·10⁹ cannot overflow) is compared with the memory
/// available to this process (<see cref="GC.GetGCMemoryInfo()"/>'s TotalAvailableMemoryBytes, which honours
/// container limits and DOTNET_GCHeapHardLimit, and /proc/meminfo's MemAvailable where it is smaller).
/// </summary>
public static class ResourceGuard
{
    /// <summary>Bytes this process can expect to allocate.</summary>
    public static double AvailableMemoryBytes()
    {
        double total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (total <= 0) total = double.PositiveInfinity;
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && double.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double kb))
                    return Math.Min(total, kb * 1024 + GC.GetTotalMemory(false));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return total;
    }

    /// <summary>Throws a one-line <see cref="ConfigException"/> when bytes exceed the available memory.</summary>
    /// <param name="bytes">Estimated peak memory.</param>
    /// <param name="parameters">The parameters that set the size, e.g. "P=2000000000, d=40".</param>
    public static void CheckMemory(double bytes, string parameters)
    {
        double available = AvailableMemoryBytes();
        if (!(bytes <= available))
            throw new ConfigException($"{parameters} needs about {Format(bytes)} of memory, more than the {Format(available)} " +
                "available on this machine; reduce these sizes");
    }

    /// <summary>Throws when a file of the estimated size would not fit on the disk holding folder.</summary>
    public static void CheckDisk(double bytes, string folder, string what)
    {
        try
        {
            var root = Path.GetPathRoot(Path.GetFullPath(folder));
            var best = DriveInfo.GetDrives().Where(d => d.IsReady && Path.GetFullPath(folder).StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
                .OrderByDescending(d => d.RootDirectory.FullName.Length).FirstOrDefault();
            if (best is null || root is null) return;
            if (bytes > best.AvailableFreeSpace)
                throw new ConfigException($"{what} would be about {Format(bytes)}, more than the {Format(best.AvailableFreeSpace)} " +
                    $"free on the disk of {folder}; turn it off or reduce the sizes");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>"1.5 GiB".</summary>
    public static string Format(double bytes)
    {
        if (double.IsPositiveInfinity(bytes)) return "unbounded";
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return bytes >= 1e6 ? bytes.ToString("0.0E+0", CultureInfo.InvariantCulture) + " " + units[u]
            : bytes.ToString(bytes < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
