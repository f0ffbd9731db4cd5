using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RtcNative.Samples.Harness;

namespace RtcNative.Tests;

/// <summary>
/// Debian's Janus (package janus) for the SFU tests, in a network namespace of the test's own
/// (<see cref="InteropNetwork"/>): Janus gathers no loopback candidates at all (its src/ice.c skips every
/// IFF_LOOPBACK interface when it adds local addresses, and libnice's fallback,
/// nice_interfaces_get_local_ips(FALSE), leaves loopback out too), so it runs behind a veth pair and the .NET peers
/// are restricted to <see cref="HostInterface"/>. The configuration is private (written to a temporary folder):
/// only the HTTP transport, bound to the namespace's address; only the plugins asked for; no admin API; ICE on the
/// veth's address only, no IPv6. Disposing kills Janus and removes the namespace and the folder, also after a
/// failed start. Fails (never skips) without root, iproute2 or janus.
/// </summary>
internal sealed class JanusServer : IDisposable
{
    private const string JanusExecutable = "/usr/bin/janus";
    private const string PluginsFolder = "/usr/lib/x86_64-linux-gnu/janus/plugins";
    private const string TransportsFolder = "/usr/lib/x86_64-linux-gnu/janus/transports";
    private const int HttpPort = 8088;   // the namespace is new: nothing else listens in it
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly InteropNetwork _network;
    private readonly StringBuilder _log = new();
    private Process? _process;
    private int _disposed;

    private JanusServer(InteropNetwork network)
    {
        _network = network;
        ApiUri = new Uri($"http://{network.NamespaceAddress}:{HttpPort}/janus");
    }

    /// <summary>The HTTP API root, such as http://10.213.1.2:8088/janus.</summary>
    public Uri ApiUri { get; }

    /// <summary>Janus's address (in its namespace): its HTTP API and its only ICE candidates.</summary>
    public string Address => _network.NamespaceAddress;

    /// <summary>The veth end in the test process's namespace: the only interface the .NET peers may use.</summary>
    public string HostInterface => _network.HostInterface;

    /// <summary>What Janus wrote so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Whether the namespace, the veth pair and the folder are gone, and Janus exited (for the leak check).</summary>
    public bool IsGone() => _network.IsGone() && (_process is null || HasExited(_process));

    /// <summary>Starts Janus with <paramref name="plugins"/> (short names: "echotest", "videoroom") and waits until its
    /// API answers (bounded).</summary>
    public static async Task<JanusServer> StartAsync(params string[] plugins)
    {
        if (!File.Exists(JanusExecutable))
        {
            throw new InvalidOperationException("Janus is not installed (Debian: janus; ./build.sh test installs it)");
        }

        var server = new JanusServer(InteropNetwork.Create());
        try
        {
            var config = server.WriteConfiguration(plugins);
            server.Start(config);
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch (Exception exception)
        {
            var log = server.Log;
            server.Dispose();
            throw new InvalidOperationException($"Janus did not start: {exception.Message}\n--- Janus log ---\n{log}", exception);
        }
    }

    /// <summary>A factory whose peers reach Janus: host candidates on the veth end only, no loopback.</summary>
    public PeerConnectionFactory CreateFactory() => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = false,
        NetworkInterfaces = [HostInterface],
        AudioDevice = AudioDeviceKind.Headless,   // remote audio is pulled every 10 ms, nothing is recorded
    });

    private string WriteConfiguration(IEnumerable<string> plugins)
    {
        var folder = Path.Combine(_network.TempDirectory, "janus");
        var pluginFolder = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
        var transportFolder = Directory.CreateDirectory(Path.Combine(folder, "transports")).FullName;
        var emptyFolder = Directory.CreateDirectory(Path.Combine(folder, "none")).FullName;
        // Janus loads every library in its folders: private folders of links hold only what the test needs.
        foreach (var plugin in plugins)
        {
            var library = $"libjanus_{plugin}.so";
            var target = Path.Combine(PluginsFolder, library);
            if (!File.Exists(target))
            {
                throw new ArgumentException($"no Janus plugin '{plugin}' ({target})", nameof(plugins));
            }

            File.CreateSymbolicLink(Path.Combine(pluginFolder, library), target);
            File.WriteAllText(Path.Combine(folder, $"janus.plugin.{plugin}.jcfg"), "general: {\n}\n");
        }

        File.CreateSymbolicLink(Path.Combine(transportFolder, "libjanus_http.so"), Path.Combine(TransportsFolder, "libjanus_http.so"));
        File.WriteAllText(Path.Combine(folder, "janus.jcfg"), $$"""
            general: {
                configs_folder = "{{folder}}"
                plugins_folder = "{{pluginFolder}}"
                transports_folder = "{{transportFolder}}"
                events_folder = "{{emptyFolder}}"
                loggers_folder = "{{emptyFolder}}"
                log_to_stdout = true
                log_to_file = "{{Path.Combine(folder, "janus.log")}}"
                debug_level = 4
                debug_timestamps = true
                debug_colors = false
                session_timeout = 60
                server_name = "rtcnative-test"
            }
            media: {
                ipv6 = false
                ipv6_linklocal = false
            }
            nat: {
                nice_debug = false
                ice_enforce_list = "{{_network.NamespaceAddress}}"
            }
            plugins: {
            }
            transports: {
            }
            events: {
                broadcast = false
            }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), $$"""
            general: {
                json = "compact"
                base_path = "/janus"
                http = true
                port = {{HttpPort}}
                ip = "{{_network.NamespaceAddress}}"
                https = false
            }
            admin: {
                admin_http = false
                admin_https = false
            }
            """);
        return folder;
    }

    private void Start(string folder)
    {
        var info = new ProcessStartInfo(_network.WrapExecutable(JanusExecutable))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-F", folder, "-C", Path.Combine(folder, "janus.jcfg") })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("janus did not start");
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += append;
        _process.OutputDataReceived += append;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    // The API answers "info" once the HTTP transport is up (plugins are loaded before transports).
    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited(_process!))
            {
                throw new InvalidOperationException($"janus exited with {_process!.ExitCode}");
            }

            try
            {
                var info = await http.GetFromJsonAsync<JsonObject>(ApiUri.AbsoluteUri + "/info");
                if ((string?)info?["janus"] == "server_info")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Janus's API did not answer within {StartTimeout.TotalSeconds} s");
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Kills Janus, waits (at most 5 s) for it to exit, and removes the namespace and the folder. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_process is not null && !HasExited(_process))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already reaped
        }
        finally
        {
            _process?.Dispose();
            _network.Dispose();
        }
    }
}
