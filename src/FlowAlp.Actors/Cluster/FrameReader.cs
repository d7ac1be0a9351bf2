using System.Buffers.Binary;
using System.Text;

namespace FlowAlp.Actors.Cluster;

/// <summary>A frame that does not decode: the message is the reason, one line.</summary>
internal sealed class MalformedFrameException(string reason) : Exception(reason);

/// <summary>
/// Reads a frame that came off the wire, where every length and count is untrusted: nothing is allocated for a length
/// until the bytes it claims are known to be there, strings are short and valid UTF-8, booleans are 0 or 1. The
/// layout is what <see cref="BinaryWriter"/> writes (little-endian integers, 7-bit-length-prefixed UTF-8 strings).
/// A sub-frame (an envelope's payload) is a window on the same bytes, so nesting never copies.
/// </summary>
internal sealed class FrameReader
{
    /// <summary>The longest string a frame may hold: token names and actor paths are far shorter.</summary>
    public const int MaxStringBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    public FrameReader(byte[] bytes) : this(bytes, 0, bytes.Length) { }

    private FrameReader(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        _position = start;
        _end = end;
    }

    public int Remaining => _end - _position;

    private int Take(int n)
    {
        if (n > Remaining) throw new MalformedFrameException($"needs {n} more byte(s) at offset {_position}, {Remaining} left");
        int at = _position;
        _position += n;
        return at;
    }

    public byte ReadByte() => _bytes[Take(1)];

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new MalformedFrameException($"a boolean must be 0 or 1, got {b} at offset {_position - 1}"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(Take(4), 4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(Take(8), 8));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(Take(8), 8));

    /// <summary>A string as BinaryWriter writes it: its UTF-8 byte length (7 bits a byte, at most 5 bytes), then the bytes.</summary>
    public string ReadString()
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift == 35) throw new MalformedFrameException($"a string length runs past 5 bytes at offset {_position}");
            byte b = ReadByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length is < 0 or > MaxStringBytes) throw new MalformedFrameException($"a string of {(uint)length} bytes is over the {MaxStringBytes}-byte limit");
        int at = Take(length);
        try { return StrictUtf8.GetString(_bytes, at, length); }
        catch (DecoderFallbackException) { throw new MalformedFrameException($"a string at offset {at} is not valid UTF-8"); }
    }

    public string? ReadNullableString() => ReadBoolean() ? ReadString() : null;

    /// <summary>A long text (a scenario, a summary): its UTF-8 byte length as an Int32, at most <paramref name="maxBytes"/>, then the bytes.</summary>
    public string ReadText(string what, int maxBytes)
    {
        int length = ReadInt32();
        if (length < 0 || length > maxBytes) throw new MalformedFrameException($"{what}: a length of {length} is outside 0..{maxBytes} bytes");
        int at = Take(length);
        try { return StrictUtf8.GetString(_bytes, at, length); }
        catch (DecoderFallbackException) { throw new MalformedFrameException($"{what}: not valid UTF-8"); }
    }

    /// <summary>An element count, refused unless that many elements of at least <paramref name="minBytesEach"/> bytes fit in what remains.</summary>
    public int ReadCount(string what, int minBytesEach)
    {
        int n = ReadInt32();
        if (n < 0 || n > Remaining / minBytesEach)
            throw new MalformedFrameException($"{what}: a count of {n} does not fit the {Remaining} byte(s) left");
        return n;
    }

    /// <summary>The next <paramref name="length"/> bytes as a frame of their own (no copy); this reader moves past them.</summary>
    public FrameReader Window(string what, int length)
    {
        if (length < 0 || length > Remaining) throw new MalformedFrameException($"{what}: a length of {length} does not fit the {Remaining} byte(s) left");
        int at = Take(length);
        return new FrameReader(_bytes, at, at + length);
    }

    /// <summary>A frame is read whole: bytes left over mean it is not what its manifest says.</summary>
    public void End(string what)
    {
        if (Remaining != 0) throw new MalformedFrameException($"{what}: {Remaining} byte(s) left over");
    }
}
