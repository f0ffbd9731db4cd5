using System.Diagnostics;
using System.Text;

namespace RtcNative.Tests;

/// <summary>
/// A private PulseAudio daemon (FACTS.md: it runs in this sandbox as root, as a plain daemon with a runtime dir
/// of its own): a null sink <c>spk</c> (the speaker; its monitor is recorded with parec) and a sine source
/// <c>mic</c> at 440 Hz (the microphone), both the defaults, and a second of each for choosing devices (<c>spk2</c>,
/// <c>mic2</c> at 880 Hz). The microphones are pipe sources fed in real time by a <see cref="SineFeeder"/> each (a
/// steady 10 ms delivery, like capture hardware; module-sine-source delivers 2 s bursts). Its socket, state and cookie live in a temporary directory of its own, so two test runs
/// (one per thread layout) or another daemon on the machine never meet; the unix socket only, nothing on the network. Disposing stops the daemon and removes the directory.
/// </summary>
internal sealed class PulseAudioServer : IDisposable
{
    public const string Sink = "spk";
    public const string Source = "mic";
    public const double SourceFrequency = 440;
    public const string Sink2 = "spk2";
    public const string Source2 = "mic2";
    public const double Source2Frequency = 880;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private readonly Process _daemon;
    private readonly StringBuilder _log = new();
    private readonly List<SineFeeder> _feeders = [];

    private PulseAudioServer(DirectoryInfo directory, Process daemon)
    {
        RuntimeDirectory = directory.FullName;
        _daemon = daemon;
    }

    /// <summary>XDG_RUNTIME_DIR (and HOME) of the daemon and of the commands run against it.</summary>
    public string RuntimeDirectory { get; }

    /// <summary>The PULSE_SERVER value that names this daemon.</summary>
    public string Address => "unix:" + Path.Combine(RuntimeDirectory, "pulse", "native");

    /// <summary>What the daemon wrote (for failure messages).</summary>
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

    /// <summary>Starts the daemon and waits (at most 50 tries in 10 s) until <c>pactl info</c> answers.</summary>
    public static async Task<PulseAudioServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("rtcnative-pulse-");
        Process daemon;
        try
        {
            // In the foreground (our child, stopped by pid), anonymous clients: libpulse in this process reads
            // /root's cookie, not the daemon's.
            daemon = Process.Start(StartInfo(directory.FullName, "pulseaudio",
                "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "-n", "--log-target=stderr",
                "--load=module-native-protocol-unix auth-anonymous=1",
                $"--load=module-null-sink sink_name={Sink}",
                PipeSource(directory.FullName, Source, SourceFrequency),
                $"--load=module-null-sink sink_name={Sink2} sink_properties=device.description=Second-Speaker",
                PipeSource(directory.FullName, Source2, Source2Frequency)))
                ?? throw new InvalidOperationException("pulseaudio did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            directory.Delete(recursive: true);
            throw new InvalidOperationException("pulseaudio is not installed (Debian: pulseaudio, pulseaudio-utils; ./build.sh test installs them)", exception);
        }

        var server = new PulseAudioServer(directory, daemon);
        DataReceivedEventHandler append = (_, e) =>
        {
            lock (server._log)
            {
                server._log.AppendLine(e.Data);
            }
        };
        daemon.ErrorDataReceived += append;
        daemon.OutputDataReceived += append;
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync();
            server._feeders.Add(SineFeeder.Start(Fifo(server.RuntimeDirectory, Source), SourceFrequency));
            server._feeders.Add(SineFeeder.Start(Fifo(server.RuntimeDirectory, Source2), Source2Frequency));
            await server.PactlAsync("set-default-source", Source);
            await server.PactlAsync("set-default-sink", Sink);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    // A source reading 48 kHz mono PCM from a FIFO (the daemon makes it), described as the sine it carries.
    private static string PipeSource(string directory, string name, double frequency) =>
        $"--load=module-pipe-source source_name={name} file={Fifo(directory, name)} format=s16le rate={SineFeeder.SampleRate} channels=1 " +
        $"source_properties='device.description=\"Sine source at {frequency} Hz\"'";

    private static string Fifo(string directory, string source) => Path.Combine(directory, source + ".fifo");

    /// <summary>Runs <c>pactl</c> against this daemon; throws when it fails. Returns its output.</summary>
    public async Task<string> PactlAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync("pactl", arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"pactl {string.Join(' ', arguments)} failed ({exitCode}): {error}\ndaemon: {Log}");
    }

    /// <summary>Records <paramref name="duration"/> of <paramref name="device"/> (a source, or a sink's
    /// ".monitor") with parec as 48 kHz mono 16-bit PCM; bounded by the duration plus 5 s.</summary>
    public async Task<short[]> RecordAsync(string device, TimeSpan duration)
    {
        const int rate = 48000;
        var wanted = (int)(duration.TotalSeconds * rate) * sizeof(short);
        using var parec = Process.Start(StartInfo(RuntimeDirectory, "parec", "-d", device, "--raw", "--format=s16le", $"--rate={rate}", "--channels=1"))
            ?? throw new InvalidOperationException("parec did not start");
        var error = parec.StandardError.ReadToEndAsync();
        var bytes = new byte[wanted];
        var read = 0;
        using (var timeout = new CancellationTokenSource(duration + CommandTimeout))
        {
            try
            {
                while (read < wanted)
                {
                    var n = await parec.StandardOutput.BaseStream.ReadAsync(bytes.AsMemory(read), timeout.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }
            finally
            {
                Stop(parec);
            }
        }

        if (read < wanted)
        {
            throw new InvalidOperationException($"parec -d {device} gave {read} of {wanted} bytes: {await error.WaitAsync(CommandTimeout)}");
        }

        var samples = new short[read / sizeof(short)];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * sizeof(short));
        return samples;
    }

    /// <summary>Points libpulse in this process (librtcnative's platform audio device) at this daemon through the
    /// C environment; disposing the result restores it.</summary>
    public IDisposable UseInThisProcess() =>
        NativeEnvironment.Set(("PULSE_SERVER", Address), ("XDG_RUNTIME_DIR", RuntimeDirectory));

    /// <summary>Stops the daemon (pulseaudio --kill, then its pid) and removes its directory.</summary>
    public void Dispose()
    {
        foreach (var feeder in _feeders)
        {
            feeder.Dispose();
        }

        if (!_daemon.HasExited)
        {
            try
            {
                using var kill = Process.Start(StartInfo(RuntimeDirectory, "pulseaudio", "--kill"));
                kill?.WaitForExit(CommandTimeout);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // then by pid below
            }

            if (!_daemon.WaitForExit(CommandTimeout))
            {
                Stop(_daemon);
            }
        }

        _daemon.Dispose();
        try
        {
            Directory.Delete(RuntimeDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a socket the daemon was still removing: one more try
            Thread.Sleep(100);
            Directory.Delete(RuntimeDirectory, recursive: true);
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        for (var attempt = 0; attempt < 50 && deadline.Elapsed < TimeSpan.FromSeconds(10); attempt++)
        {
            if (_daemon.HasExited)
            {
                throw new InvalidOperationException($"pulseaudio exited ({_daemon.ExitCode}): {Log}");
            }

            var (exitCode, _, error) = await RunAsync("pactl", ["info"]);
            if (exitCode == 0)
            {
                return;
            }

            last = error;
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"pulseaudio did not answer pactl info within 10 s: {last}\ndaemon: {Log}");
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(StartInfo(RuntimeDirectory, file, arguments))
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            return (-1, "", $"{file} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(string runtimeDirectory, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Everything of the daemon's inside its directory: socket and pid (XDG_RUNTIME_DIR), state and cookie (HOME).
        info.Environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        info.Environment["HOME"] = runtimeDirectory;
        info.Environment.Remove("PULSE_SERVER");
        return info;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(CommandTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
