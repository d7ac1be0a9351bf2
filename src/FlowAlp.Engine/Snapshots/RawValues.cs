using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// Structs with no references and no padding (UFix64, UFix128, balances, the screening mirror's entries) and arrays of
/// them are written as their bytes: no boxing per field. Padding would carry whatever the memory held, so a struct
/// with any is written field by field instead (equal states must give equal snapshots).
/// </summary>
internal sealed class RawValues
{
    public required Action<BinaryWriter, object> WriteBoxed { get; init; }
    public required Func<BinaryReader, object> ReadBoxed { get; init; }
    public required Action<BinaryWriter, Array> WriteArray { get; init; }
    public required Func<BinaryReader, int, Array> ReadArray { get; init; }
    /// <summary>The bytes one value takes (a reader checks a count against what remains with it).</summary>
    public required int Size { get; init; }

    /// <summary>The raw codec of <paramref name="t"/>, or null when it has references or padding.</summary>
    public static RawValues? For(Type t)
    {
        if (!t.IsValueType || t.IsEnum || Nullable.GetUnderlyingType(t) is not null || !Dense(t)) return null;
        var make = typeof(RawValues).GetMethod(nameof(Make), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t);
        return (RawValues?)make.Invoke(null, null);
    }

    /// <summary>No references, and the size is the sum of its fields' sizes (no padding anywhere inside).</summary>
    private static bool Dense(Type t)
    {
        if (t.IsPrimitive) return t != typeof(IntPtr) && t != typeof(UIntPtr);
        if (t == typeof(UInt128) || t == typeof(Int128)) return true;
        if (!t.IsValueType || t.IsEnum || t.IsGenericType && !t.IsGenericTypeDefinition && Nullable.GetUnderlyingType(t) is not null) return false;
        if (t.StructLayoutAttribute?.Value == LayoutKind.Explicit) return false;
        var fields = t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (fields.Length == 0 || !fields.All(f => Dense(f.FieldType) || f.FieldType.IsEnum && Dense(Enum.GetUnderlyingType(f.FieldType)))) return false;
        return SizeOf(t) == fields.Sum(f => SizeOf(f.FieldType.IsEnum ? Enum.GetUnderlyingType(f.FieldType) : f.FieldType));
    }

    private static int SizeOf(Type t) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static RawValues Make<T>() where T : unmanaged => new()
    {
        Size = Unsafe.SizeOf<T>(),
        WriteBoxed = (w, o) => { var v = (T)o; RawIO.Write(w, ref v); },
        ReadBoxed = r =>
        {
            T v = default;
            RawIO.Read(r, ref v);
            return v;
        },
        WriteArray = (w, a) => w.Write(MemoryMarshal.AsBytes(((T[])a).AsSpan())),
        ReadArray = (r, n) =>
        {
            var a = new T[n];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan()));
            return a;
        },
    };
}

/// <summary>A dense unmanaged value's bytes, to and from the stream (the emitted field writers and readers call these).</summary>
internal static class RawIO
{
    public static void Write<T>(BinaryWriter w, ref T value) where T : unmanaged => w.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
    public static void Read<T>(BinaryReader r, ref T value) where T : unmanaged => r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(new Span<T>(ref value)));
}
