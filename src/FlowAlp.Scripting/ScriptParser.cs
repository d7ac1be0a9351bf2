using System.Text.Json;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Scripting;

/// <summary>
/// Parses and validates a whole protocol script before anything runs (protocol-script.md). Protocol-level
/// failures (e.g. a governance call on an unsupported token) are left to run time, where the pool gives its reason.
/// </summary>
public static class ScriptParser
{
    private static readonly string[] SettingsWithToken =
        ["interestCurve", "insuranceRate", "stabilityFeeRate", "depositRate", "depositCapacityCap", "depositLimitFraction", "minimumBalance", "collateralFactor", "borrowFactor"];
    private static readonly UFix64 DefaultDepositRate = UFix64.FromInteger(1_000_000);
    private static readonly string[] PoolSettings = ["liquidationTargetHealth", "dexOracleDeviationBps", "paused", "warmupSeconds"];

    public static Script Parse(string json)
    {
        using var doc = StrictJson.Parse(json, problem => new ScriptFormatException("script", problem));
        return ParseRoot(doc.RootElement);
    }

    private static Script ParseRoot(JsonElement root)
    {
        var top = new JsonFields(root, "script");
        var pool = ParsePool(top.Optional("pool"));
        var tokens = ParseTokens(top.Required("tokens"), pool.DefaultToken);
        var poolTokens = new HashSet<string>(tokens.Select(t => t.Symbol)) { pool.DefaultToken };

        var universe = new HashSet<string>(poolTokens);
        var prices = new Dictionary<string, UFix64?>();
        if (top.Optional("prices") is { ValueKind: not JsonValueKind.Null } pe)
        {
            var pf = new JsonFields(pe, "prices");
            foreach (var p in pe.EnumerateObject())
            {
                prices[p.Name] = pf.NullableDecimal(p.Name);
                universe.Add(p.Name);
            }
        }
        var dex = new Dictionary<(string, string), UFix64>();
        if (top.Optional("dexPrices") is { ValueKind: not JsonValueKind.Null } de)
        {
            var df = new JsonFields(de, "dexPrices");
            foreach (var p in de.EnumerateObject())
            {
                var (a, b) = Pair(p.Name, df, p.Name);
                dex[(a, b)] = df.Decimal(p.Name);
                universe.Add(a); universe.Add(b);
            }
        }
        var accounts = new Dictionary<string, IReadOnlyDictionary<string, UFix64>>();
        if (top.Optional("accounts") is { ValueKind: not JsonValueKind.Null } ae)
        {
            var af = new JsonFields(ae, "accounts");
            foreach (var a in ae.EnumerateObject())
            {
                af.Required(a.Name);
                var wf = new JsonFields(a.Value, $"accounts.{a.Name}");
                var wallet = new Dictionary<string, UFix64>();
                foreach (var t in a.Value.EnumerateObject()) { wallet[t.Name] = wf.Decimal(t.Name); universe.Add(t.Name); }
                accounts[a.Name] = wallet;
            }
        }
        var stepsEl = top.Required("steps");
        if (stepsEl.ValueKind != JsonValueKind.Array) throw top.Error("steps", "must be an array");
        top.RejectUnknown();
        // Minted tokens exist for the script too (e.g. a token the pool does not support, to test rejections).
        foreach (var s in stepsEl.EnumerateArray())
            if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String && op.GetString() == "mint"
                && s.TryGetProperty("token", out var mt) && mt.ValueKind == JsonValueKind.String) universe.Add(mt.GetString()!);

        var steps = new List<Step>();
        int i = 0;
        foreach (var s in stepsEl.EnumerateArray()) steps.Add(ParseStep(s, i++, universe));
        return new Script(pool, tokens, prices, dex, accounts, steps);
    }

    private static PoolConfig ParsePool(JsonElement? e)
    {
        var config = new PoolConfig();
        if (e is null || e.Value.ValueKind == JsonValueKind.Null) return config;
        var f = new JsonFields(e.Value, "pool");
        if (f.Has("defaultToken") && f.String("defaultToken") != "MOET") throw f.Error("defaultToken", "only MOET is supported as the default token");
        if (f.Has("liquidationTargetHealth"))
        {
            var v = f.Decimal("liquidationTargetHealth");
            if (v <= UFix64.One) throw f.Error("liquidationTargetHealth", "must be > 1.0");
            config = config with { LiquidationTargetHealth = v.ToUFix128() };
        }
        if (f.Has("dexOracleDeviationBps")) config = config with { DexOracleDeviationBps = Bps(f, "dexOracleDeviationBps") };
        if (f.Has("warmupSeconds")) config = config with { WarmupSeconds = (ulong)f.NonNegativeInteger("warmupSeconds") };
        if (f.Has("startTime")) config = config with { StartTime = f.Decimal("startTime") };
        if (f.Has("positionsProcessedPerCallback"))
        {
            long n = f.NonNegativeInteger("positionsProcessedPerCallback");
            if (n == 0 || n > 1_000_000) throw f.Error("positionsProcessedPerCallback", "must be between 1 and 1000000");
            config = config with { PositionsProcessedPerCallback = (int)n };
        }
        f.RejectUnknown();
        return config;
    }

    private static ushort Bps(JsonFields f, string field)
    {
        long v = f.NonNegativeInteger(field);
        if (v > ushort.MaxValue) throw f.Error(field, "must be at most 65535");
        return (ushort)v;
    }

    private static List<TokenSettings> ParseTokens(JsonElement e, string defaultToken)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new ScriptFormatException("script", "field 'tokens': must be an array");
        var list = new List<TokenSettings>();
        int i = 0;
        foreach (var t in e.EnumerateArray())
        {
            var f = new JsonFields(t, $"tokens[{i++}]");
            string symbol = f.String("symbol");
            if (symbol == defaultToken || list.Any(x => x.Symbol == symbol)) throw f.Error("symbol", $"'{symbol}' is declared twice");
            UFix64 cf = f.Decimal("collateralFactor"), bf = f.Decimal("borrowFactor");
            if (cf.IsZero || cf > UFix64.One) throw f.Error("collateralFactor", "must be in (0, 1]");
            if (bf.IsZero || bf > UFix64.One) throw f.Error("borrowFactor", "must be in (0, 1]");
            // omitted settings take the spec §9 defaults, as protocol-script.md promises: FixedCurve(0), depositRate and
            // depositCapacityCap 1,000,000 (the rest are nullable in TokenSettings and default in the pool)
            IInterestCurve curve = f.Optional("interestCurve") is { } ce ? Curve(f, "interestCurve", ce) : new FixedCurve(UFix128.Zero);
            UFix64 rate = f.Has("depositRate") ? f.Decimal("depositRate") : DefaultDepositRate;
            UFix64 cap = f.Has("depositCapacityCap") ? f.Decimal("depositCapacityCap") : DefaultDepositRate;
            var s = new TokenSettings(symbol, cf, bf, curve, rate, cap);
            if (f.Has("depositLimitFraction"))
            {
                var v = f.Decimal("depositLimitFraction");
                if (v.IsZero || v > UFix64.One) throw f.Error("depositLimitFraction", "must be in (0, 1]");
                s = s with { DepositLimitFraction = v };
            }
            if (f.Has("minimumBalance")) s = s with { MinimumBalance = f.Decimal("minimumBalance") };
            if (f.Has("insuranceRate")) s = s with { InsuranceRate = f.Decimal("insuranceRate") };
            if (f.Has("stabilityFeeRate")) s = s with { StabilityFeeRate = f.Decimal("stabilityFeeRate") };
            if ((s.InsuranceRate ?? UFix64.Zero) + (s.StabilityFeeRate ?? UFix64.Parse("0.05")) >= UFix64.One)
                throw f.Error("insuranceRate", "insuranceRate + stabilityFeeRate must be below 1");
            f.RejectUnknown();
            list.Add(s);
        }
        return list;
    }

    private static IInterestCurve Curve(JsonFields owner, string field, JsonElement e)
    {
        var f = new JsonFields(e, $"{owner.Where}.{field}");
        string kind = f.String("kind");
        try
        {
            IInterestCurve curve = kind switch
            {
                "fixed" => new FixedCurve(f.Decimal("yearlyRate").ToUFix128()),
                "kink" => new KinkCurve(f.Decimal("optimalUtilization").ToUFix128(), f.Decimal("baseRate").ToUFix128(),
                    f.Decimal("slope1").ToUFix128(), f.Decimal("slope2").ToUFix128()),
                _ => throw f.Error("kind", $"'{kind}' is not a curve kind (fixed, kink)"),
            };
            f.RejectUnknown();
            return curve;
        }
        catch (ProtocolException p) { throw owner.Error(field, p.Reason); }
    }

    private static (string, string) Pair(string text, JsonFields f, string field)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) throw f.Error(field, $"'{text}' is not a pair like FLOW/MOET");
        return (parts[0], parts[1]);
    }

    private static Step ParseStep(JsonElement e, int index, HashSet<string> universe)
    {
        var f = new JsonFields(e, $"step {index}");
        string op = f.String("op");
        f = new JsonFields(e, $"step {index} ({op})");
        f.String("op");
        string Token(string field)
        {
            string t = f.String(field);
            if (!universe.Contains(t)) throw f.Error(field, $"unknown token '{t}'");
            return t;
        }
        Step step = op switch
        {
            "createPosition" => CreatePosition(f, index, universe),
            "deposit" => new DepositStep(index, f.NonNegativeInteger("position"), f.String("as"), Token("token"), f.Decimal("amount"), f.Bool("push", false)),
            "withdraw" => new WithdrawStep(index, f.NonNegativeInteger("position"), f.String("as"), Token("token"), f.Decimal("amount"), f.Bool("pull", false)),
            "rebalance" => new RebalanceStep(index, f.NonNegativeInteger("position"), f.Bool("force", false)),
            "setHealthBounds" => HealthBounds(f, index, e),
            "setSink" or "setSource" => new SetConnectorStep(index, op, f.NonNegativeInteger("position"), AsAndAccount(f)),
            "setPrice" => new SetPriceStep(index, Token("token"), f.NullableDecimal("price")),
            "setDexPrice" => DexPrice(f, index, universe),
            "advanceTime" => new AdvanceTimeStep(index, f.Decimal("seconds")),
            "liquidate" => new LiquidateStep(index, f.NonNegativeInteger("position"), f.String("as"), Token("debtToken"), Token("repayToken"),
                f.Decimal("repayAmount"), Token("seizeToken"), f.Decimal("seizeAmount")),
            "asyncUpdate" => new AsyncUpdateStep(index),
            "governance" => Governance(f, index),
            "collectInsurance" or "collectStability" => new CollectStep(index, op, f.String("token")),
            "mint" => new MintStep(index, f.String("to"), Token("token"), f.Decimal("amount")),
            "createRebalancer" => new CreateRebalancerStep(index, f.NonNegativeInteger("position"), f.Bool("paid", true),
                f.Has("interval") ? PositiveSeconds(f, "interval") : UFix64.FromInteger(100), f.Bool("forceRebalance", false), f.NullableString("funder")),
            "fixReschedule" or "deleteRebalancer" => new RebalancerActionStep(index, op, f.NonNegativeInteger("position")),
            "query" => Query(f, index, universe),
            _ => throw f.Error("op", $"unknown op '{op}'"),
        };
        f.RejectUnknown();
        return step;
    }

    private static UFix64 PositiveSeconds(JsonFields f, string field)
    {
        var v = f.Decimal(field);
        if (v.IsZero) throw f.Error(field, "must be > 0");
        return v;
    }

    private static string? AsAndAccount(JsonFields f)
    {
        if (f.Has("as")) f.String("as");
        f.Required("account");
        return f.NullableString("account");
    }

    private static Step CreatePosition(JsonFields f, int index, HashSet<string> universe)
    {
        var d = new JsonFields(f.Required("deposit"), $"{f.Where} deposit");
        string token = d.String("token");
        if (!universe.Contains(token)) throw d.Error("token", $"unknown token '{token}'");
        var amount = d.Decimal("amount");
        d.RejectUnknown();
        return new CreatePositionStep(index, f.String("as"), token, amount, f.Bool("pushToDrawDownSink", false),
            f.NullableString("drawDownSink"), f.NullableString("topUpSource"));
    }

    private static Step HealthBounds(JsonFields f, int index, JsonElement e)
    {
        f.String("as");
        var bounds = new List<(string, UFix64)>();
        foreach (var which in new[] { "min", "target", "max" })
            if (f.Has(which)) bounds.Add((which, f.Decimal(which)));
        if (bounds.Count == 0) throw f.Error("min", "give at least one of min, target, max");
        return new SetHealthBoundsStep(index, f.NonNegativeInteger("position"), bounds);
    }

    private static Step DexPrice(JsonFields f, int index, HashSet<string> universe)
    {
        var (a, b) = Pair(f.String("pair"), f, "pair");
        if (!universe.Contains(a)) throw f.Error("pair", $"unknown token '{a}'");
        if (!universe.Contains(b)) throw f.Error("pair", $"unknown token '{b}'");
        return new SetDexPriceStep(index, a, b, f.Decimal("price"));
    }

    private static Step Governance(JsonFields f, int index)
    {
        string set = f.String("set");
        string? token = null;
        if (SettingsWithToken.Contains(set)) token = f.String("token");
        else if (!PoolSettings.Contains(set)) throw f.Error("set", $"unknown setting '{set}'");
        GovernanceValue value = set switch
        {
            "interestCurve" => new GovernanceValue(Curve: Curve(f, "value", f.Required("value"))),
            "paused" => new GovernanceValue(Flag: f.Bool("value")),
            "dexOracleDeviationBps" => new GovernanceValue(Bps: Bps(f, "value")),
            "warmupSeconds" => new GovernanceValue(Decimal: UFix64.FromInteger((ulong)f.NonNegativeInteger("value"))),
            _ => new GovernanceValue(Decimal: f.Decimal("value")),
        };
        return new GovernanceStep(index, set, token, value);
    }

    private static Step Query(JsonFields f, int index, HashSet<string> universe)
    {
        string what = f.String("what");
        string Token(string field)
        {
            string t = f.String(field);
            if (!universe.Contains(t)) throw f.Error(field, $"unknown token '{t}'");
            return t;
        }
        long Pos() => f.NonNegativeInteger("position");
        UFix64 Target() => f.Decimal("targetHealth");
        QueryArgs args = what switch
        {
            "health" or "position" or "isLiquidatable" or "rebalancerRuns" => new QueryArgs(Position: Pos()),
            "account" => new QueryArgs(Account: f.String("account")),
            "pool" => new QueryArgs(),
            "availableBalance" => new QueryArgs(Position: Pos(), Token: Token("token"), Pull: f.Bool("pull", false)),
            "fundsRequiredForTargetHealth" or "fundsAvailableAboveTargetHealth" => new QueryArgs(Position: Pos(), Token: Token("token"), TargetHealth: Target()),
            "fundsRequiredForTargetHealthAfterWithdrawing" => new QueryArgs(Position: Pos(), DepositToken: Token("depositToken"), TargetHealth: Target(),
                WithdrawToken: Token("withdrawToken"), Amount: f.Decimal("withdrawAmount")),
            "fundsAvailableAboveTargetHealthAfterDepositing" => new QueryArgs(Position: Pos(), WithdrawToken: Token("withdrawToken"), TargetHealth: Target(),
                DepositToken: Token("depositToken"), Amount: f.Decimal("depositAmount")),
            "healthAfterDeposit" or "healthAfterWithdrawal" => new QueryArgs(Position: Pos(), Token: Token("token"), Amount: f.Decimal("amount")),
            _ => throw f.Error("what", $"unknown query '{what}'"),
        };
        return new QueryStep(index, what, args);
    }
}
