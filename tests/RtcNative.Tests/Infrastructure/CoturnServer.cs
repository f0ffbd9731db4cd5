using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcNative.Tests;

/// <summary>A TLS server certificate and its key as PEM, the files coturn's --cert and --pkey read.</summary>
internal sealed record PemPair(string CertificatePem, string PrivateKeyPem);

/// <summary>How a <see cref="CoturnServer"/> authenticates: long-term credentials of one user, or the TURN REST
/// API's shared secret (coturn's <c>use-auth-secret</c>).</summary>
internal sealed record CoturnAuth(string? User = null, string? Password = null, string? SharedSecret = null)
{
    public static CoturnAuth LongTerm(string user, string password) => new(user, password);

    public static CoturnAuth RestSecret(string secret) => new(SharedSecret: secret);
}

/// <summary>
/// Debian's coturn (<c>turnserver</c>, 4.6.1) started by a test on 127.0.0.1 only: TURN over UDP and TCP on one
/// port, TURNS on another when given a certificate, relay ports from coturn's default range on 127.0.0.1, relaying
/// between loopback peers allowed (<c>--allow-loopback-peers</c>: coturn refuses 127.x peers by default). No config
/// file (<c>-n</c>), no CLI, its log, pid file and SQLite database in a temporary directory of its own. Disposing
/// kills it and removes the directory; <see cref="Kill"/> kills it early (a relay dying mid-call).
/// </summary>
internal sealed class CoturnServer : IDisposable
{
    public const string Realm = "rtcnative.test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private CoturnServer(Process process, DirectoryInfo directory, int port, int? tlsPort)
    {
        _process = process;
        _directory = directory;
        Port = port;
        TlsPort = tlsPort;
    }

    /// <summary>The TURN port (UDP and TCP).</summary>
    public int Port { get; }

    /// <summary>The TURNS (TLS) port, when started with a certificate.</summary>
    public int? TlsPort { get; }

    public string UdpUrl => $"turn:127.0.0.1:{Port}?transport=udp";

    public string TcpUrl => $"turn:127.0.0.1:{Port}?transport=tcp";

    public string TlsUrl => TlsPort is { } port ? $"turns:127.0.0.1:{port}?transport=tcp" : throw new InvalidOperationException("started without a certificate");

    /// <summary>coturn's log (for failure messages).</summary>
    public string Log
    {
        get
        {
            var path = Path.Combine(_directory.FullName, "turn.log");
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
            }
            catch (IOException exception)
            {
                return $"(log unreadable: {exception.Message})";
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts coturn and waits (at most 10 s) until it is up: its TURN port, and TLS port if any, accept
    /// TCP and its log says the servers are running. A port taken between choosing it and coturn's bind (coturn then
    /// retries the bind for ever, and a connect would reach the other listener) means a new try on other ports, at
    /// most 3 tries.</summary>
    /// <param name="certificate">The TURNS certificate and key (PEM), or null for no TLS listener.</param>
    public static async Task<CoturnServer> StartAsync(CoturnAuth auth, PemPair? certificate = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(auth, certificate);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // other ports
            }
        }
    }

    private static async Task<CoturnServer> StartOnFreePortsAsync(CoturnAuth auth, PemPair? certificate)
    {
        var directory = Directory.CreateTempSubdirectory("rtcnative-coturn-");
        var port = FreePort();
        int? tlsPort = certificate is null ? null : FreePort(except: port);
        List<string> arguments =
        [
            "-n", "--no-cli", "--no-stdout-log", "--simple-log",
            $"--log-file={Path.Combine(directory.FullName, "turn.log")}",
            $"--pidfile={Path.Combine(directory.FullName, "turn.pid")}",
            $"--db={Path.Combine(directory.FullName, "turn.sqlite")}",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--allow-loopback-peers", "--no-multicast-peers", $"--realm={Realm}",
            "--no-dtls", // TURNS is TLS over TCP here; libwebrtc's TURN client has no DTLS transport
        ];
        if (auth.SharedSecret is { } secret)
        {
            arguments.AddRange(["--use-auth-secret", $"--static-auth-secret={secret}"]);
        }
        else
        {
            arguments.AddRange(["--lt-cred-mech", $"--user={auth.User}:{auth.Password}"]);
        }

        if (certificate is { } pem)
        {
            var certificatePath = Path.Combine(directory.FullName, "cert.pem");
            var keyPath = Path.Combine(directory.FullName, "key.pem");
            await File.WriteAllTextAsync(certificatePath, pem.CertificatePem);
            await File.WriteAllTextAsync(keyPath, pem.PrivateKeyPem);
            arguments.AddRange([$"--tls-listening-port={tlsPort}", $"--cert={certificatePath}", $"--pkey={keyPath}"]);
        }
        else
        {
            arguments.Add("--no-tls");
        }

        var start = new ProcessStartInfo("turnserver")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true, // coturn prints socket-probe noise there; drained, not shown
            RedirectStandardError = true,
            WorkingDirectory = directory.FullName,
        };
        arguments.ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            directory.Delete(recursive: true);
            throw new InvalidOperationException("turnserver is not installed (Debian: coturn)", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new CoturnServer(process, directory, port, tlsPort);
        try
        {
            await server.WaitUntilListeningAsync(port);
            if (tlsPort is { } listening)
            {
                await server.WaitUntilListeningAsync(listening);
            }

            await server.WaitUntilStartedAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills coturn at once (SIGKILL): its allocations vanish without a word to the clients.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a file coturn was still closing: one more try
            Thread.Sleep(100);
            _directory.Delete(recursive: true);
        }
    }

    /// <summary>Throws when coturn exited, or <see cref="PortTakenException"/> when it logged a failed bind.</summary>
    private void ThrowIfFailed()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"turnserver exited ({_process.ExitCode}): {Log}");
        }

        var log = Log;
        if (log.Contains("Cannot bind", StringComparison.Ordinal))
        {
            throw new PortTakenException($"turnserver could not bind its ports {Port}/{TlsPort}: {log}");
        }
    }

    /// <summary>Waits (bounded) for the log line coturn writes once its listeners are bound and its servers run;
    /// throws <see cref="PortTakenException"/> when it logs a failed bind instead.</summary>
    private async Task WaitUntilStartedAsync()
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 200 && deadline.Elapsed < StartTimeout; attempt++)
        {
            ThrowIfFailed();
            if (Log.Contains("Total General servers", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"turnserver did not report its servers running within {StartTimeout.TotalSeconds} s: {Log}");
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        for (var attempt = 0; attempt < 100 && deadline.Elapsed < StartTimeout; attempt++)
        {
            ThrowIfFailed();
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception exception) when (exception is SocketException or TimeoutException)
            {
                last = exception;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"turnserver did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s ({last?.Message}): {Log}");
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 now (coturn listens on both); at most 20 tries.</summary>
    private static int FreePort(int except = 0)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (port == except)
            {
                continue;
            }

            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // taken for UDP: another one
            }
        }

        throw new InvalidOperationException("no port free for both TCP and UDP on 127.0.0.1 in 20 tries");
    }
}

/// <summary>A port chosen for coturn was taken by someone else before coturn bound it.</summary>
internal sealed class PortTakenException(string message) : Exception(message);
