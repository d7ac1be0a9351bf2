using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Exact binary forms of the engine's value types: fixed-point numbers as their raw integers (never text or double),
/// dictionaries in their enumeration order (read back in the same order, so a snapshot's sheet sums the same way).
/// </summary>
internal static class WireFormat
{
    public static void Write(this BinaryWriter w, UFix64 v) => w.Write(v.Raw);
    public static UFix64 ReadUFix64(this BinaryReader r) => UFix64.FromRaw(r.ReadUInt64());

    public static void Write(this BinaryWriter w, UFix128 v)
    {
        w.Write((ulong)(v.Raw >> 64));
        w.Write((ulong)v.Raw);
    }

    public static UFix128 ReadUFix128(this BinaryReader r)
    {
        ulong hi = r.ReadUInt64(), lo = r.ReadUInt64();
        return UFix128.FromRaw(new UInt128(hi, lo));
    }

    public static void Write(this BinaryWriter w, InternalBalance b)
    {
        w.Write((byte)b.Scaled.Direction);
        w.Write(b.Scaled.Quantity);
    }

    public static InternalBalance ReadBalance(this BinaryReader r)
    {
        var direction = (BalanceDirection)r.ReadByte();
        if (direction is not (BalanceDirection.Credit or BalanceDirection.Debit)) throw new InvalidDataException($"balance direction: unknown value {(byte)direction}");
        return new InternalBalance(new SignedBalance(direction, r.ReadUFix128()));
    }

    public static void Write(this BinaryWriter w, TokenSnapshot t)
    {
        w.Write(t.Price); w.Write(t.CreditIndex); w.Write(t.DebitIndex); w.Write(t.CollateralFactor); w.Write(t.BorrowFactor);
    }

    public static TokenSnapshot ReadToken(this BinaryReader r) =>
        new(r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128());

    public static void WriteNullable(this BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    public static string? ReadNullableString(this BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    public static void Write(this BinaryWriter w, PositionSnapshot s)
    {
        w.Write(s.Id);
        w.Write(s.Time);
        w.Write(s.Balances.Count);
        foreach (var (token, balance) in s.Balances) { w.Write(token); w.Write(balance); }
        w.Write(s.Tokens.Count);
        foreach (var (token, snapshot) in s.Tokens) { w.Write(token); w.Write(snapshot); }
        w.Write(s.MinHealth); w.Write(s.TargetHealth); w.Write(s.MaxHealth);
        w.WriteNullable(s.TopUpToken);
        w.WriteNullable(s.DrawDownToken);
    }

    public static PositionSnapshot ReadSnapshot(this BinaryReader r)
    {
        long id = r.ReadInt64();
        var time = r.ReadUFix64();
        int n = r.ReadInt32();
        var balances = new Dictionary<string, InternalBalance>(n);
        for (int i = 0; i < n; i++) balances.Add(r.ReadString(), r.ReadBalance());
        int m = r.ReadInt32();
        var tokens = new Dictionary<string, TokenSnapshot>(m);
        for (int i = 0; i < m; i++) tokens.Add(r.ReadString(), r.ReadToken());
        return new PositionSnapshot(id, time, balances, tokens, r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadNullableString(), r.ReadNullableString());
    }

    public static void Write(this BinaryWriter w, RebalancePlan p)
    {
        w.Write(p.Health); w.Write(p.TopUp); w.Write(p.DrawDown);
    }

    public static RebalancePlan ReadPlan(this BinaryReader r) => new(r.ReadUFix128(), r.ReadUFix64(), r.ReadUFix64());
}
