using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RtcNative.Tests;

/// <summary>
/// Issue 7, "Port range ignored": MinPort/MaxPort took effect only with NetworkInterfaces set, and a MinPort with
/// MaxPort = 0 ("no limit") was dropped. Every gathered candidate's port must lie in the range, with and without an
/// interface restriction. The unrestricted case gathers on every interface, so it runs in a network namespace of the
/// test's own holding only loopback (this machine's other addresses are never used).
/// </summary>
public sealed class PortRangeTests
{
    [TestCase(true, 41000, 41100)]
    [TestCase(false, 41000, 41100)]
    [TestCase(true, 42000, 0)]
    [TestCase(false, 42000, 0)]
    public async Task EveryGatheredCandidatesPortLiesInTheRange(bool restrictInterfaces, int minPort, int maxPort)
    {
        var options = new PeerConnectionFactoryOptions
        {
            IncludeLoopback = true,
            NetworkInterfaces = restrictInterfaces ? ["lo"] : null,
            MinPort = minPort,
            MaxPort = maxPort,
            AudioDevice = AudioDeviceKind.Dummy,
        };
        using var isolation = restrictInterfaces ? null : NetworkNamespace.Create();
        await using var factory = isolation is null ? new PeerConnectionFactory(options) : isolation.CreateFactory(options);
        using var connection = factory.CreatePeerConnection();
        connection.CreateDataChannel("ports");
        var candidates = new ConcurrentQueue<RTCIceCandidate>();
        connection.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { } candidate)
            {
                candidates.Enqueue(candidate);
            }
        };

        await connection.SetLocalDescriptionAsync().WithTimeout();
        await connection.WaitForIceGatheringCompleteAsync().WithTimeout();

        // Active TCP candidates carry the placeholder port 9 (they connect out); every other one was bound.
        var bound = candidates.Where(c => c.TcpType != RTCIceTcpCandidateType.Active).ToList();
        var highest = maxPort == 0 ? ushort.MaxValue : maxPort;
        TestContext.Out.WriteLine(string.Join("\n", bound.Select(c => c.Candidate)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bound, Is.Not.Empty, "nothing gathered");
            Assert.That(bound.Select(c => (int)c.Port!.Value), Has.All.InRange(minPort, highest));
            Assert.That(bound.Select(c => c.Address), Has.All.StartWith("127.").Or.EqualTo("::1"), "gathered outside loopback");
        }
    }

    /// <summary>
    /// A network namespace with only loopback, made with iproute2 and removed on Dispose. Linux keeps the network
    /// namespace per thread and new threads inherit their creator's: a factory created on a thread that joined the
    /// namespace runs libwebrtc's threads (and so every socket and interface enumeration) inside it.
    /// </summary>
    private sealed class NetworkNamespace : IDisposable
    {
        private const int CloneNewNet = 0x40000000;

        private NetworkNamespace(string name) => Name = name;

        public string Name { get; }

        public static NetworkNamespace Create()
        {
            var name = $"rtcn-ports-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
            Run("ip", $"netns add {name}");
            var created = new NetworkNamespace(name);
            try
            {
                Run("ip", $"-n {name} link set lo up");
                return created;
            }
            catch
            {
                created.Dispose();
                throw;
            }
        }

        public PeerConnectionFactory CreateFactory(PeerConnectionFactoryOptions options)
        {
            PeerConnectionFactory? factory = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                    if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()} (needs root)");
                    }

                    factory = new PeerConnectionFactory(options);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            });
            thread.Start();
            thread.Join();
            return factory ?? throw new InvalidOperationException("could not create a factory in the namespace", failure);
        }

        public void Dispose() => Run("ip", $"netns del {Name}");

        private static void Run(string file, string arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error} (needs root and iproute2)");
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int setns(int fd, int nstype);
    }
}
