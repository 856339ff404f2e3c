namespace FeatureScale.Cli;

/// <summary>Uniform error reporting for command actions.</summary>
public static class Fail
{
    /// <summary>Prints one line on stderr and returns exit code 2.</summary>
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"featurescale: {OneLine(message)}");
        return 2;
    }

    /// <summary>
    /// Runs an action: <see cref="ConfigException"/> and argument errors become one line and exit 2, other
    /// failures one line and exit 1 (the stack trace only with FEATURESCALE_DEBUG=1).
    /// </summary>
    public static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (ConfigException e) { return Usage(e.Message); }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException
            or System.Text.Json.JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Usage(Clean(e));
        }
        catch (OutOfMemoryException) when (Environment.GetEnvironmentVariable("FEATURESCALE_DEBUG") != "1")
        {
            Console.Error.WriteLine("featurescale: error: out of memory: the run needed more memory than this machine has; " +
                "reduce the sizes (P, widths, chains, test points) or use a machine with more memory");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FEATURESCALE_DEBUG") != "1")
        {
            Console.Error.WriteLine($"featurescale: error: {OneLine(e.Message)}");
            return 1;
        }
    }

    /// <summary>The first line of a message without .NET's "(Parameter 'x')" suffix.</summary>
    internal static string Clean(Exception e)
    {
        string m = OneLine(e.Message);
        if (e is OverflowException) return $"a size is too large ({m}): reduce P, the widths, chains or steps";
        int at = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return at > 0 ? m[..at] : m;
    }

    private static string OneLine(string message) => message.Split('\n')[0].TrimEnd('\r');
}
