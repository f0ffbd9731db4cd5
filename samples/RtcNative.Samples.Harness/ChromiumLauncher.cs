using Microsoft.Playwright;

namespace RtcNative.Samples.Harness;

/// <summary>
/// Debian's headless Chromium (/usr/bin/chromium, never a downloaded browser) launched by Playwright inside an
/// <see cref="InteropNetwork"/>, with the flags of shared/FACTS.md: fake camera and microphone, host candidates
/// with their addresses (no mDNS), no background traffic.
/// </summary>
public static class ChromiumLauncher
{
    public const string Executable = "/usr/bin/chromium";

    // shared/FACTS.md: what headless Chromium needs here; mDNS hiding off so host candidates carry addresses.
    private static readonly string[] s_flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",   // an AudioContext runs without a user gesture
    ];

    /// <summary>Launches Chromium inside <paramref name="network"/>; fails (never skips) when it is not installed.</summary>
    /// <param name="playwright">The Playwright driver.</param>
    /// <param name="network">The namespace Chromium runs in.</param>
    /// <param name="timeout">Bounds the launch.</param>
    /// <param name="extraArgs">Flags added to the standard ones.</param>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, InteropNetwork network, TimeSpan timeout, IEnumerable<string>? extraArgs = null)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        ArgumentNullException.ThrowIfNull(network);
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"headless Chromium is needed at {Executable} (apt-get install chromium)");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = network.WrapExecutable(Executable),
            Headless = true,
            Args = [.. s_flags, .. extraArgs ?? []],
            Timeout = (float)timeout.TotalMilliseconds,
        });
    }
}
