using System.Diagnostics;
using System.Text;

namespace RtcNative.Tests;

/// <summary>
/// A private X server (Xvfb, Debian package xvfb) on a free display number, unix socket only (-nolisten tcp), for
/// the display capture tests. The number is found by trying: a display already taken makes Xvfb exit at once, and
/// the next one is tried. Disposing kills the server and waits (bounded) for it to exit; close X connections to it
/// first (Xlib exits the process when its server goes away under an open connection).
/// </summary>
internal sealed class XvfbServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private int _disposed;

    private XvfbServer(Process process, int number, int width, int height)
    {
        _process = process;
        Number = number;
        Width = width;
        Height = height;
    }

    /// <summary>The display name, such as ":91".</summary>
    public string Display => ":" + Number;

    public int Number { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>What the server wrote (for failure messages).</summary>
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

    /// <summary>Starts Xvfb with one 24-bit screen and waits until it accepts a connection (bounded).</summary>
    public static async Task<XvfbServer> StartAsync(int width = 640, int height = 480)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        // Numbers well above what desktops and CI's xvfb-run use (:0, :99); a run of tries for parallel runs.
        for (var number = 140 + Random.Shared.Next(60); DateTime.UtcNow < deadline; number++)
        {
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                continue;
            }

            var server = Start(number, width, height);
            if (await server.WaitUntilAnsweringAsync(deadline))
            {
                return server;
            }

            var exited = server._process.HasExited;
            var log = server.Log;
            server.Dispose();
            if (!exited)
            {
                throw new TimeoutException($"Xvfb {server.Display} did not accept connections within {StartTimeout.TotalSeconds} s: {log}");
            }
        }

        throw new TimeoutException($"no free X display number for Xvfb within {StartTimeout.TotalSeconds} s");
    }

    private static XvfbServer Start(int number, int width, int height)
    {
        var info = new ProcessStartInfo("Xvfb")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ":" + number, "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp", "-noreset" })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Xvfb did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("Xvfb is not installed (Debian: xvfb; ./build.sh test installs it)", exception);
        }

        var server = new XvfbServer(process, number, width, height);
        DataReceivedEventHandler append = (_, e) =>
        {
            lock (server._log)
            {
                server._log.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += append;
        process.OutputDataReceived += append;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return server;
    }

    // The server answers once an X connection opens (XOpenDisplay fails fast while the socket is missing).
    private async Task<bool> WaitUntilAnsweringAsync(DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (File.Exists($"/tmp/.X11-unix/X{Number}") && X11Window.CanConnect(Display))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Kills the server and waits (at most 5 s) for it to exit. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        _process.Dispose();
    }
}
