using System.Diagnostics;

namespace RtcNative.Samples.Harness;

/// <summary>
/// A network of the test's own for a browser that gathers no loopback candidates: a network namespace
/// (named <c>rtcnchrome-PID-N</c>) joined by a veth pair to the test process's namespace, 10.213.x.y/30
/// addresses derived from the pid, nothing else routed. The browser runs inside the namespace
/// (<see cref="WrapExecutable"/>); the .NET peer is restricted to <see cref="HostInterface"/>.
/// Namespaces of this prefix whose process is gone (a run killed mid-way) are deleted on creation.
/// Shared by the interop tests and the demo's check mode (needs root and iproute2).
/// </summary>
public sealed class InteropNetwork : IDisposable
{
    private const string Prefix = "rtcnchrome-";
    private static int s_count;

    private InteropNetwork(string ns, string hostInterface, string hostAddress, string namespaceAddress, string tempDirectory)
    {
        Namespace = ns;
        HostInterface = hostInterface;
        HostAddress = hostAddress;
        NamespaceAddress = namespaceAddress;
        TempDirectory = tempDirectory;
    }

    public string Namespace { get; }

    /// <summary>The veth end in the test process's namespace (the .NET peer's only interface).</summary>
    public string HostInterface { get; }

    public string HostAddress { get; }

    public string NamespaceAddress { get; }

    /// <summary>A directory of this network's own, removed with it.</summary>
    public string TempDirectory { get; }

    /// <summary>Fails (never skips) when this machine cannot host the network: CI runs as root with iproute2.</summary>
    public static string FindIp()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("a Chromium network namespace needs Linux (network namespaces)");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                $"a Chromium network namespace needs root for its network namespace (ip netns); running as '{Environment.UserName}'");
        }

        foreach (var dir in new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" })
        {
            var path = Path.Combine(dir, "ip");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("a Chromium network namespace needs iproute2's 'ip' (apt-get install iproute2)");
    }

    public static InteropNetwork Create()
    {
        var ip = FindIp();
        if (File.Exists("/proc/sys/net/ipv4/ip_forward") && File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() != "0")
        {
            throw new InvalidOperationException(
                "net.ipv4.ip_forward is on: the browser's namespace could reach other networks through this host");
        }

        RemoveStale(ip);
        var pid = Environment.ProcessId;
        var n = Interlocked.Increment(ref s_count);
        var ns = $"{Prefix}{pid}-{n}";
        var host = $"rc{n}h{pid}";   // at most 15 characters (IFNAMSIZ)
        var peer = $"rc{n}n{pid}";
        var subnet = (pid * 4 + n) % 16384;
        var prefix = $"10.213.{subnet >> 6}.";
        var hostAddress = prefix + (((subnet & 63) << 2) + 1);
        var nsAddress = prefix + (((subnet & 63) << 2) + 2);
        var temp = Directory.CreateTempSubdirectory("rtcnchrome-").FullName;
        var network = new InteropNetwork(ns, host, hostAddress, nsAddress, temp);
        try
        {
            Run(ip, "netns", "add", ns);
            Run(ip, "-n", ns, "link", "set", "lo", "up");
            Run(ip, "link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns);
            Run(ip, "addr", "add", hostAddress + "/30", "dev", host);
            Run(ip, "-n", ns, "addr", "add", nsAddress + "/30", "dev", peer);
            Run(ip, "link", "set", host, "up");
            Run(ip, "-n", ns, "link", "set", peer, "up");
            // Chrome (without media permission) gathers host candidates only on the interface of its default
            // route; this one names the veth. Nothing is sent beyond it: Chrome is given no other address, and
            // the host forwards nothing unless net.ipv4.ip_forward is on (checked below).
            Run(ip, "-n", ns, "route", "add", "default", "via", hostAddress);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Writes a script that runs <paramref name="executable"/> inside the namespace with the arguments it is given.</summary>
    public string WrapExecutable(string executable)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("network namespaces are Linux's");
        }

        var script = Path.Combine(TempDirectory, Path.GetFileName(executable) + "-in-netns.sh");
        File.WriteAllText(script, $"#!/bin/sh\nexec {FindIp()} netns exec {Namespace} {executable} \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    /// <summary>Deletes the namespace (which deletes the veth pair) and the temporary directory; idempotent.</summary>
    public void Dispose()
    {
        var ip = FindIp();
        TryRun(ip, "netns", "del", Namespace);
        TryRun(ip, "link", "del", HostInterface);   // gone with the namespace unless its creation failed half-way
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Whether <see cref="Namespace"/> and <see cref="HostInterface"/> are both gone (for the leak check).</summary>
    public bool IsGone() =>
        !Output(FindIp(), "netns", "list").Contains(Namespace, StringComparison.Ordinal) &&
        !Directory.Exists("/sys/class/net/" + HostInterface) && !Directory.Exists(TempDirectory);

    private static void RemoveStale(string ip)
    {
        foreach (var line in Output(ip, "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = name[Prefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], out var pid) && int.TryParse(parts[1], out var n) &&
                !Directory.Exists($"/proc/{pid}"))
            {
                TryRun(ip, "netns", "del", name);
                TryRun(ip, "link", "del", $"rc{n}h{pid}");
            }
        }
    }

    private static void Run(string ip, params string[] args)
    {
        var (code, output) = Exec(ip, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({code}): {output.Trim()}");
        }
    }

    private static void TryRun(string ip, params string[] args) => Exec(ip, args);

    private static string Output(string ip, params string[] args) => Exec(ip, args).Output;

    private static (int Code, string Output) Exec(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 20 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
