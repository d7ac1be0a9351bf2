using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Exact binary forms of the engine's value types: fixed-point numbers as their raw integers (never text or double),
/// dictionaries in their enumeration order (read back in the same order, so a snapshot's sheet sums the same way).
/// Written with a <see cref="BinaryWriter"/>, read back with a <see cref="FrameReader"/> (every count bounded by the
/// bytes left, duplicate tokens refused).
/// </summary>
internal static class WireFormat
{
    public static void Write(this BinaryWriter w, UFix64 v) => w.Write(v.Raw);
    public static UFix64 ReadUFix64(this FrameReader r) => UFix64.FromRaw(r.ReadUInt64());

    public static void Write(this BinaryWriter w, UFix128 v)
    {
        w.Write((ulong)(v.Raw >> 64));
        w.Write((ulong)v.Raw);
    }

    public static UFix128 ReadUFix128(this FrameReader r)
    {
        ulong hi = r.ReadUInt64(), lo = r.ReadUInt64();
        return UFix128.FromRaw(new UInt128(hi, lo));
    }

    public static void Write(this BinaryWriter w, InternalBalance b)
    {
        w.Write((byte)b.Scaled.Direction);
        w.Write(b.Scaled.Quantity);
    }

    /// <summary>The fewest bytes a token name and balance take (a 1-byte name length, direction, 16-byte quantity).</summary>
    public const int MinBalanceEntry = 1 + 1 + 16;
    /// <summary>The fewest bytes a token name and token snapshot take (five 16-byte numbers).</summary>
    public const int MinTokenEntry = 1 + 5 * 16;

    public static InternalBalance ReadBalance(this FrameReader r)
    {
        var direction = (BalanceDirection)r.ReadByte();
        if (direction is not (BalanceDirection.Credit or BalanceDirection.Debit)) throw new MalformedFrameException($"balance direction: unknown value {(byte)direction}");
        return new InternalBalance(new SignedBalance(direction, r.ReadUFix128()));
    }

    public static void Write(this BinaryWriter w, TokenSnapshot t)
    {
        w.Write(t.Price); w.Write(t.CreditIndex); w.Write(t.DebitIndex); w.Write(t.CollateralFactor); w.Write(t.BorrowFactor);
    }

    public static TokenSnapshot ReadToken(this FrameReader r) =>
        new(r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128());

    public static void WriteNullable(this BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

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

    public static PositionSnapshot ReadSnapshot(this FrameReader r)
    {
        long id = r.ReadInt64();
        var time = r.ReadUFix64();
        int n = r.ReadCount("snapshot balances", MinBalanceEntry);
        var balances = new Dictionary<string, InternalBalance>(n);
        for (int i = 0; i < n; i++) AddOnce(balances, r.ReadString(), r.ReadBalance(), "snapshot balances");
        int m = r.ReadCount("snapshot tokens", MinTokenEntry);
        var tokens = new Dictionary<string, TokenSnapshot>(m);
        for (int i = 0; i < m; i++) AddOnce(tokens, r.ReadString(), r.ReadToken(), "snapshot tokens");
        var snapshot = new PositionSnapshot(id, time, balances, tokens, r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadNullableString(), r.ReadNullableString());
        Check(snapshot);
        return snapshot;
    }

    /// <summary>What a position's decision reads must be there: a token snapshot for every balance and connector token, a borrow factor to divide by.</summary>
    private static void Check(PositionSnapshot s)
    {
        foreach (var token in s.Balances.Keys.Append(s.TopUpToken).Append(s.DrawDownToken))
            if (token is not null && !s.Tokens.ContainsKey(token)) throw new MalformedFrameException($"snapshot: token '{token}' has no token snapshot");
        foreach (var (token, t) in s.Tokens)
            if (t.BorrowFactor == UFix128.Zero) throw new MalformedFrameException($"snapshot tokens: '{token}' has a borrow factor of 0");
    }

    public static void Write(this BinaryWriter w, RebalancePlan p)
    {
        w.Write(p.Health); w.Write(p.TopUp); w.Write(p.DrawDown);
    }

    public static RebalancePlan ReadPlan(this FrameReader r) => new(r.ReadUFix128(), r.ReadUFix64(), r.ReadUFix64());

    private static void AddOnce<T>(Dictionary<string, T> into, string token, T value, string what)
    {
        if (!into.TryAdd(token, value)) throw new MalformedFrameException($"{what}: token '{token}' appears twice");
    }
}
