using System.Diagnostics;

namespace RtcNative.Tests.Demo;

/// <summary>
/// The file-transfer sample (samples/RtcNative.FileTransfer) as two processes on loopback: the test carries the
/// offer line from the sender's stdout to the receiver's stdin and the answer line back, as a user would paste them.
/// </summary>
public class FileTransferSampleTests
{
    [Test]
    public async Task TwoProcessesTransferAFileIntact()
    {
        var directory = Directory.CreateTempSubdirectory("rtcn-file-transfer-").FullName;
        var sender = (Process?)null;
        var receiver = (Process?)null;
        try
        {
            var source = Path.Combine(directory, "data.bin");
            var content = new byte[5_000_000];
            new Random(9).NextBytes(content);
            await File.WriteAllBytesAsync(source, content);
            var inbox = Path.Combine(directory, "in");
            sender = Start("send", source);
            receiver = Start("receive", "--out", inbox);
            var senderErr = sender.StandardError.ReadToEndAsync();
            var receiverErr = receiver.StandardError.ReadToEndAsync();

            var offer = await sender.StandardOutput.ReadLineAsync().WithTimeout();
            Assert.That(offer, Does.StartWith("{\"type\":\"offer\""));
            await receiver.StandardInput.WriteLineAsync(offer);
            var answer = await receiver.StandardOutput.ReadLineAsync().WithTimeout();
            Assert.That(answer, Does.StartWith("{\"type\":\"answer\""));
            await sender.StandardInput.WriteLineAsync(answer);

            await Task.WhenAll(sender.WaitForExitAsync(), receiver.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            var (sent, received) = (await senderErr, await receiverErr);
            await TestContext.Out.WriteLineAsync($"sender:\n{sent.Replace('\r', '\n')}\nreceiver:\n{received.Replace('\r', '\n')}");
            Assert.Multiple(() =>
            {
                Assert.That(sender.ExitCode, Is.Zero, "sender's exit code");
                Assert.That(receiver.ExitCode, Is.Zero, "receiver's exit code");
                Assert.That(File.ReadAllBytes(Path.Combine(inbox, "data.bin")), Is.EqualTo(content), "the file as received");
                Assert.That(sent, Does.Contain("100 %").And.Contain("MB/s").And.Contain("receiver: ok"));
                Assert.That(received, Does.Contain("done: the file arrived intact"));
            });
        }
        finally
        {
            foreach (var process in new[] { sender, receiver })
            {
                if (process is { HasExited: false })
                {
                    process.Kill();
                }

                process?.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RtcNative.FileTransfer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the sample");
    }
}
