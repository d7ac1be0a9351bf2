using System.Reflection;
using System.Reflection.Emit;

namespace FlowAlp.Actors.Snapshots;

/// <summary>
/// A field's getter and setter as small emitted methods (readonly fields included, as reflection allows): several times
/// faster than FieldInfo.GetValue/SetValue over the millions of fields of a large engine's snapshot. Values go boxed,
/// as the graph writer and reader hold them; a setter on a boxed struct writes into the box.
/// </summary>
internal static class FieldAccess
{
    public static Func<object, object?> Getter(FieldInfo f)
    {
        var dm = new DynamicMethod($"get_{f.DeclaringType!.Name}_{f.Name}", typeof(object), [typeof(object)], typeof(FieldAccess).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        Target(il, f.DeclaringType!);
        il.Emit(OpCodes.Ldfld, f);
        if (f.FieldType.IsValueType) il.Emit(OpCodes.Box, f.FieldType);
        il.Emit(OpCodes.Ret);
        return (Func<object, object?>)dm.CreateDelegate(typeof(Func<object, object?>));
    }

    public static Action<object, object?> Setter(FieldInfo f)
    {
        var dm = new DynamicMethod($"set_{f.DeclaringType!.Name}_{f.Name}", null, [typeof(object), typeof(object)], typeof(FieldAccess).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        Target(il, f.DeclaringType!);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(f.FieldType.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, f.FieldType);
        il.Emit(OpCodes.Stfld, f);
        il.Emit(OpCodes.Ret);
        return (Action<object, object?>)dm.CreateDelegate(typeof(Action<object, object?>));
    }

    /// <summary>
    /// For a field holding a primitive, an enum or a dense unmanaged struct: a method that writes its bytes straight from
    /// the object (no box), exactly as the boxed path would; null for any other field.
    /// </summary>
    public static Action<object, BinaryWriter>? Writer(FieldInfo f)
    {
        var t = f.FieldType.IsEnum ? Enum.GetUnderlyingType(f.FieldType) : f.FieldType;
        var write = t == typeof(UInt128) || t == typeof(Int128) ? null : typeof(BinaryWriter).GetMethod(nameof(BinaryWriter.Write), [t]);
        bool raw = write is null && !f.FieldType.IsEnum && RawValues.For(f.FieldType) is not null;
        if (!t.IsPrimitive && t != typeof(decimal) && !raw) return null;
        var dm = new DynamicMethod($"write_{f.DeclaringType!.Name}_{f.Name}", null, [typeof(object), typeof(BinaryWriter)], typeof(FieldAccess).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_0);
        Target(il, f.DeclaringType!);
        if (raw)
        {
            il.Emit(OpCodes.Ldflda, f);
            il.Emit(OpCodes.Call, typeof(RawIO).GetMethod(nameof(RawIO.Write))!.MakeGenericMethod(f.FieldType));
        }
        else
        {
            il.Emit(OpCodes.Ldfld, f);
            il.Emit(OpCodes.Callvirt, write!);
        }
        il.Emit(OpCodes.Ret);
        return (Action<object, BinaryWriter>)dm.CreateDelegate(typeof(Action<object, BinaryWriter>));
    }

    /// <summary>The reading side of <see cref="Writer"/>: reads the field's bytes straight into the object; null for any other field.</summary>
    public static Action<object, BinaryReader>? Reader(FieldInfo f)
    {
        var t = f.FieldType.IsEnum ? Enum.GetUnderlyingType(f.FieldType) : f.FieldType;
        var read = ReadMethod(t);
        bool raw = read is null && !f.FieldType.IsEnum && RawValues.For(f.FieldType) is not null;
        if (read is null && !raw) return null;
        var dm = new DynamicMethod($"read_{f.DeclaringType!.Name}_{f.Name}", null, [typeof(object), typeof(BinaryReader)], typeof(FieldAccess).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        if (raw)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_0);
            Target(il, f.DeclaringType!);
            il.Emit(OpCodes.Ldflda, f);
            il.Emit(OpCodes.Call, typeof(RawIO).GetMethod(nameof(RawIO.Read))!.MakeGenericMethod(f.FieldType));
        }
        else
        {
            il.Emit(OpCodes.Ldarg_0);
            Target(il, f.DeclaringType!);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Callvirt, read!);
            il.Emit(OpCodes.Stfld, f);
        }
        il.Emit(OpCodes.Ret);
        return (Action<object, BinaryReader>)dm.CreateDelegate(typeof(Action<object, BinaryReader>));
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

    /// <summary>The object as its declaring type: a reference to a class, or a pointer into the box of a struct.</summary>
    private static void Target(ILGenerator il, Type owner) => il.Emit(owner.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, owner);
}
