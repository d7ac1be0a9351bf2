using System.Reflection;
using System.Reflection.Emit;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// A field's accessors as small emitted methods (readonly fields included, as reflection allows): several times faster
/// than FieldInfo.GetValue/SetValue over the millions of fields of a large engine's snapshot. The getter and setter take
/// values boxed, as the graph writer and reader hold them (a setter on a boxed struct writes into the box); a field
/// holding a primitive, an enum or a dense unmanaged struct also gets a writer and a reader that move its bytes
/// straight between the object and the stream, with no box, exactly as the boxed path would.
/// </summary>
internal static class FieldAccess
{
    public static Func<object, object?> Getter(FieldInfo f) => Emit<Func<object, object?>>("get", f, typeof(object), [typeof(object)], il =>
    {
        il.Emit(OpCodes.Ldarg_0);
        Target(il, f);
        il.Emit(OpCodes.Ldfld, f);
        if (f.FieldType.IsValueType) il.Emit(OpCodes.Box, f.FieldType);
    });

    public static Action<object, object?> Setter(FieldInfo f) => Emit<Action<object, object?>>("set", f, null, [typeof(object), typeof(object)], il =>
    {
        il.Emit(OpCodes.Ldarg_0);
        Target(il, f);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(f.FieldType.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, f.FieldType);
        il.Emit(OpCodes.Stfld, f);
    });

    /// <summary>Writes the field's bytes straight from the object; null unless it holds a primitive, an enum or a dense struct.</summary>
    public static Action<object, BinaryWriter>? Writer(FieldInfo f)
    {
        if (Direct(f) is not var (primitive, raw)) return null;
        var write = primitive is null ? null : typeof(BinaryWriter).GetMethod(nameof(BinaryWriter.Write), [primitive])!;
        return Emit<Action<object, BinaryWriter>>("write", f, null, [typeof(object), typeof(BinaryWriter)], il =>
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_0);
            Target(il, f);
            if (raw) { il.Emit(OpCodes.Ldflda, f); il.Emit(OpCodes.Call, typeof(RawIO).GetMethod(nameof(RawIO.Write))!.MakeGenericMethod(f.FieldType)); }
            else { il.Emit(OpCodes.Ldfld, f); il.Emit(OpCodes.Callvirt, write!); }
        });
    }

    /// <summary>The reading side of <see cref="Writer"/>: reads the field's bytes straight into the object.</summary>
    public static Action<object, BinaryReader>? Reader(FieldInfo f)
    {
        if (Direct(f) is not var (primitive, raw)) return null;
        var read = primitive is null ? null : ReadMethod(primitive);
        return Emit<Action<object, BinaryReader>>("read", f, null, [typeof(object), typeof(BinaryReader)], il =>
        {
            if (raw)
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldarg_0);
                Target(il, f);
                il.Emit(OpCodes.Ldflda, f);
                il.Emit(OpCodes.Call, typeof(RawIO).GetMethod(nameof(RawIO.Read))!.MakeGenericMethod(f.FieldType));
            }
            else
            {
                il.Emit(OpCodes.Ldarg_0);
                Target(il, f);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Callvirt, read!);
                il.Emit(OpCodes.Stfld, f);
            }
        });
    }

    /// <summary>
    /// How a field's bytes can move without a box: as a primitive (the enum's underlying type for an enum) through the
    /// BinaryWriter/BinaryReader methods, or as a dense struct (its <see cref="GraphType.Raw"/>); null for any other field.
    /// </summary>
    private static (Type? Primitive, bool Raw)? Direct(FieldInfo f)
    {
        var t = f.FieldType.IsEnum ? Enum.GetUnderlyingType(f.FieldType) : f.FieldType;
        if (ReadMethod(t) is not null) return (t, false);
        return f.FieldType.IsValueType && !f.FieldType.IsEnum && GraphType.Of(f.FieldType).Raw is not null ? (null, true) : null;
    }

    private static MethodInfo? ReadMethod(Type t) => Type.GetTypeCode(t) switch
    {
        TypeCode.Boolean => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadBoolean)),
        TypeCode.Byte => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadByte)),
        TypeCode.SByte => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadSByte)),
        TypeCode.Int16 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadInt16)),
        TypeCode.UInt16 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadUInt16)),
        TypeCode.Int32 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadInt32)),
        TypeCode.UInt32 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadUInt32)),
        TypeCode.Int64 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadInt64)),
        TypeCode.UInt64 => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadUInt64)),
        TypeCode.Char => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadChar)),
        TypeCode.Single => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadSingle)),
        TypeCode.Double => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadDouble)),
        TypeCode.Decimal => typeof(BinaryReader).GetMethod(nameof(BinaryReader.ReadDecimal)),
        _ => null,
    };

    private static TDelegate Emit<TDelegate>(string kind, FieldInfo f, Type? returns, Type[] parameters, Action<ILGenerator> body) where TDelegate : Delegate
    {
        var dm = new DynamicMethod($"{kind}_{f.DeclaringType!.Name}_{f.Name}", returns, parameters, typeof(FieldAccess).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        body(il);
        il.Emit(OpCodes.Ret);
        return (TDelegate)dm.CreateDelegate(typeof(TDelegate));
    }

    /// <summary>The object as the field's declaring type: a reference to a class, or a pointer into the box of a struct.</summary>
    private static void Target(ILGenerator il, FieldInfo f) => il.Emit(f.DeclaringType!.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, f.DeclaringType!);
}
