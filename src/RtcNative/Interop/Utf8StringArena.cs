using System.Runtime.InteropServices;
using System.Text;

namespace RtcNative.Interop;

/// <summary>
/// NUL-terminated UTF-8 copies of strings (and arrays of them) in native memory, for the
/// const char* fields of option structs; everything is freed together on Dispose.
/// </summary>
internal sealed unsafe class Utf8StringArena : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>A native copy of <paramref name="text"/>, or NULL for null.</summary>
    public byte* Add(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var block = (byte*)Allocate(length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(block, length));
        block[length] = 0;
        return block;
    }

    /// <summary>A native array of native copies, or NULL for null.</summary>
    public byte** Add(IReadOnlyList<string>? texts)
    {
        if (texts is null)
        {
            return null;
        }

        var array = (byte**)Allocate(Math.Max(1, texts.Count) * sizeof(byte*));
        for (var i = 0; i < texts.Count; i++)
        {
            array[i] = Add(texts[i]);
        }

        return array;
    }

    /// <summary>Zeroed native memory for a struct array, freed with the arena.</summary>
    public T* AddArray<T>(int count) where T : unmanaged
    {
        var size = (nuint)(Math.Max(1, count) * sizeof(T));
        var block = Allocate((int)size);
        NativeMemory.Clear(block, size);
        return (T*)block;
    }

    public void Dispose()
    {
        foreach (var block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        _blocks.Clear();
    }

    private void* Allocate(int size)
    {
        var block = NativeMemory.Alloc((nuint)size);
        _blocks.Add((nint)block);
        return block;
    }
}
