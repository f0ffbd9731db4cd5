namespace RtcNative.Demo;

/// <summary>The demo's command line: <c>[--address A] [--port P] [--urls U] [--camera] [--microphone] [--check] [--screenshot FILE] [--timeout S]</c>.</summary>
public sealed record DemoOptions
{
    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    /// <summary>ASP.NET Core's <c>--urls</c> (e.g. http://127.0.0.1:9000); overrides address and port when set.</summary>
    public string? Urls { get; init; }

    public bool Check { get; init; }

    /// <summary>Send the real camera (getUserMedia) instead of the test pattern, when there is one.</summary>
    public bool Camera { get; init; }

    /// <summary>Send the real microphone (getUserMedia) instead of the tone, when there is one.</summary>
    public bool Microphone { get; init; }

    public string Screenshot { get; init; } = Path.Combine("out", "demo", "screenshot.png");

    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public bool Help { get; init; }

    public const string Usage =
        """
        usage: RtcNative.Demo [--address 127.0.0.1] [--port 8080] [--urls http://HOST:PORT] [--camera] [--microphone]
               RtcNative.Demo --check [--camera] [--microphone] [--screenshot out/demo/screenshot.png] [--timeout 60]
          (default)  serve the call page and WebSocket signaling; open the printed address in Chrome or Firefox
          --camera, --microphone
                     send the real camera / microphone instead of the test pattern / tone; when there is none
                     (or no sound server), the console says so and the test source is sent
          --check    make the call with headless Chromium in a network namespace of its own (root), print a
                     report, exit 0 when video flowed both ways and a chat message came back
        """;

    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Next() => inline ?? Value();
            options = arg switch
            {
                "--address" => options with { Address = Next() },
                "--port" => options with { Port = int.TryParse(Next(), out var port) && port is >= 0 and <= 65535 ? port : throw new ArgumentException("--port needs 0-65535") },
                "--urls" => options with { Urls = Next() },
                "--check" => options with { Check = true },
                "--camera" => options with { Camera = true },
                "--microphone" => options with { Microphone = true },
                "--screenshot" => options with { Screenshot = Next() },
                "--timeout" => options with { CheckTimeout = TimeSpan.FromSeconds(int.TryParse(Next(), out var s) && s > 0 ? s : throw new ArgumentException("--timeout needs seconds")) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options;
    }
}
