// RtcNative demo: a small ASP.NET Core app serving a call page and WebSocket signaling. Each page that opens it
// calls a .NET peer that sends a moving test pattern and a tone, echoes the caller's camera back and chats over a
// data channel (CallSession.cs). `--check` makes that call with headless Chromium and prints a report (CheckMode.cs).
using RtcNative;
using RtcNative.Demo;

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{DemoOptions.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

if (options.Check)
{
    return await CheckMode.RunAsync(options, Console.Out);
}

DemoServer server;
try
{
    server = await DemoServer.StartAsync(options, new PeerConnectionFactoryOptions(), Console.Out);
}
catch (IOException e)
{
    Console.Error.WriteLine($"demo: cannot listen: {e.Message} (choose another with --port)");
    return 1;
}

await using var running = server;
Console.WriteLine($"open {server.Url} in Chrome or Firefox (Ctrl+C stops)");
await server.WaitForShutdownAsync();   // Ctrl+C or SIGTERM
Console.WriteLine("stopping: closing every call");
return 0;
