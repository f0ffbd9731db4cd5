using System.Runtime.InteropServices;

namespace RtcNative.Tests;

/// <summary>
/// A top-level X window that shows solid color blocks, drawn by the X server itself (each block is a child window
/// with a background pixel, so nothing must be redrawn on Expose), through P/Invoke to libX11 on a connection of its
/// own. It carries WM_STATE as a window manager would set it, so window lists (libwebrtc's window capturer's) find
/// it on a bare Xvfb. Colors are 0xRRGGBB (a 24-bit TrueColor screen). Not thread-safe: one test drives it.
/// Xlib's default error handler exits the process: only valid requests are made here.
/// </summary>
internal sealed class X11Window : IDisposable
{
    private const string Lib = "libX11.so.6";
    private nint _display;
    private readonly List<nuint> _blocks = [];

    private X11Window(nint display, nuint window)
    {
        _display = display;
        Id = window;
    }

    /// <summary>The X window id.</summary>
    public nuint Id { get; }

    public bool Destroyed { get; private set; }

    /// <summary>Whether an X connection to <paramref name="display"/> opens.</summary>
    public static bool CanConnect(string display)
    {
        var connection = XOpenDisplay(display);
        if (connection == 0)
        {
            return false;
        }

        XCloseDisplay(connection);
        return true;
    }

    /// <summary>Creates and maps a window at (x, y) of the given size, titled <paramref name="title"/>, filled
    /// with <paramref name="background"/>.</summary>
    public static X11Window Open(string display, int x, int y, int width, int height, string title, uint background)
    {
        var connection = XOpenDisplay(display);
        if (connection == 0)
        {
            throw new InvalidOperationException($"cannot open X display {display}");
        }

        var root = XRootWindow(connection, XDefaultScreen(connection));
        var window = XCreateSimpleWindow(connection, root, x, y, (uint)width, (uint)height, 0, 0, background);
        XStoreName(connection, window, title);
        // WM_STATE = { NormalState, no icon }: what a window manager sets on a managed top-level window.
        var wmState = XInternAtom(connection, "WM_STATE", 0);
        Span<nint> state = [1, 0];
        unsafe
        {
            fixed (nint* data = state)
            {
                XChangeProperty(connection, window, wmState, wmState, 32, 0, data, 2);
            }
        }

        XMapWindow(connection, window);
        XSync(connection, 0);
        return new X11Window(connection, window);
    }

    /// <summary>Adds a solid block (a child window) at (x, y) inside the window; returns its index.</summary>
    public int AddBlock(int x, int y, int width, int height, uint color)
    {
        var block = XCreateSimpleWindow(_display, Id, x, y, (uint)width, (uint)height, 0, 0, color);
        XMapWindow(_display, block);
        XSync(_display, 0);
        _blocks.Add(block);
        return _blocks.Count - 1;
    }

    /// <summary>Repaints block <paramref name="index"/> in <paramref name="color"/>.</summary>
    public void SetBlockColor(int index, uint color)
    {
        XSetWindowBackground(_display, _blocks[index], color);
        XClearWindow(_display, _blocks[index]);
        XSync(_display, 0);
    }

    /// <summary>Closes the window (as an application closing it would): it is gone from the server.</summary>
    public void Destroy()
    {
        if (Destroyed)
        {
            return;
        }

        Destroyed = true;
        XDestroyWindow(_display, Id);
        XSync(_display, 0);
    }

    /// <summary>Closes the connection (the server destroys the window with it).</summary>
    public void Dispose()
    {
        if (_display != 0)
        {
            XCloseDisplay(_display);
            _display = 0;
        }
    }

    [DllImport(Lib)]
    private static extern nint XOpenDisplay(string? name);

    [DllImport(Lib)]
    private static extern int XCloseDisplay(nint display);

    [DllImport(Lib)]
    private static extern int XDefaultScreen(nint display);

    [DllImport(Lib)]
    private static extern nuint XRootWindow(nint display, int screen);

    [DllImport(Lib)]
    private static extern nuint XCreateSimpleWindow(nint display, nuint parent, int x, int y, uint width, uint height,
        uint borderWidth, nuint border, nuint background);

    [DllImport(Lib)]
    private static extern int XStoreName(nint display, nuint window, string name);

    [DllImport(Lib)]
    private static extern nuint XInternAtom(nint display, string name, int onlyIfExists);

    [DllImport(Lib)]
    private static extern unsafe int XChangeProperty(nint display, nuint window, nuint property, nuint type, int format,
        int mode, nint* data, int elements);

    [DllImport(Lib)]
    private static extern int XMapWindow(nint display, nuint window);

    [DllImport(Lib)]
    private static extern int XSetWindowBackground(nint display, nuint window, nuint pixel);

    [DllImport(Lib)]
    private static extern int XClearWindow(nint display, nuint window);

    [DllImport(Lib)]
    private static extern int XDestroyWindow(nint display, nuint window);

    [DllImport(Lib)]
    private static extern int XSync(nint display, int discard);
}
