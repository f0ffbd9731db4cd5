using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RtcNative.Demo;

/// <summary>
/// The demo's web server: the call page at <c>/</c> and WebSocket signaling at <c>/signal</c>, one
/// <see cref="CallSession"/> (one .NET peer) per socket, all on one <see cref="PeerConnectionFactory"/>.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PeerConnectionFactory _factory;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<int, CallSession> _sessions = new();
    private int _sessionCount;

    private DemoDevices? _devices;

    private DemoServer(WebApplication app, PeerConnectionFactory factory, TextWriter log)
    {
        _app = app;
        _factory = factory;
        _log = log;
    }

    /// <summary>The address the server listens on (with the real port when 0 was asked).</summary>
    public string Url { get; private set; } = "";

    /// <summary>The calls running now.</summary>
    public IReadOnlyCollection<CallSession> Sessions => _sessions.Values.ToArray();

    /// <summary>Calls started since the server started.</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    public static async Task<DemoServer> StartAsync(DemoOptions options, PeerConnectionFactoryOptions factoryOptions, TextWriter log)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls ?? $"http://{(options.Address.Contains(':', StringComparison.Ordinal) ? $"[{options.Address}]" : options.Address)}:{options.Port}");
        var app = builder.Build();
        var factory = new PeerConnectionFactory(factoryOptions);
        var server = new DemoServer(app, factory, log);
        try
        {
            server._devices = await DemoDevices.OpenAsync(factory, options, log);
            app.UseWebSockets();
            var page = PageHtml();
            app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
            app.Map("/signal", server.SignalAsync);
            await app.StartAsync();
            server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? app.Urls.First();
            log.WriteLine($"demo: serving the call page at {server.Url}/ and signaling at {server.Url}/signal");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the app is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();   // closes the sockets: every session disposes its peer
        await _app.DisposeAsync();
        _devices?.Dispose();
        _factory.Dispose();
    }

    private async Task SignalAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var id = Interlocked.Increment(ref _sessionCount);
        _log.WriteLine($"[call {id}] signaling socket open from {context.Connection.RemoteIpAddress}");
        await using var session = new CallSession(id, _factory, _devices, socket, _log);
        _sessions[id] = session;
        try
        {
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            _sessions.TryRemove(id, out _);
        }
    }

    private static string PageHtml()
    {
        using var stream = typeof(DemoServer).Assembly.GetManifestResourceStream("RtcNative.Demo.index.html")
            ?? throw new InvalidOperationException("index.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
