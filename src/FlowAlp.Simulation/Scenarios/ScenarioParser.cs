using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Prices;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file. Every error is a <see cref="ScenarioException"/> naming the field's path and the reason;
/// unknown fields are errors. The pool and token sections use the protocol-script format (and its validation).
/// </summary>
public static class ScenarioParser
{
    public static Scenario Load(string path)
    {
        return Parse(ReadFile(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>A scenario file's text: a regular file of at most <see cref="ScenarioLimits.MaxJsonBytes"/> (else "scenario: reason").</summary>
    public static string ReadFile(string path) => InputFile.ReadText(path, ScenarioLimits.MaxJsonBytes, reason => new ScenarioException("scenario", reason));

    public static Scenario Parse(string json, string baseDir)
    {
        using var doc = StrictJson.Parse(json, problem => new ScenarioException("scenario", problem));
        return ParseRoot(doc.RootElement, baseDir);
    }

    private static Scenario ParseRoot(JsonElement root, string baseDir)
    {
        var r = new JsonReader(root, "");
        // "$schema": an editor's link to docs/schemas/scenario.schema.json (completion and checks while typing); not part of the run
        if (r.Optional("$schema") is { } schema && schema.ValueKind != JsonValueKind.String) throw r.Error("$schema", "must be a string (the path or URL of a JSON Schema)");
        string name = ScenarioName(r);
        ulong seed = (ulong)r.Integer("seed", 1, 0);
        double hours = r.Double("durationHours", min: 0, max: ScenarioLimits.MaxDurationHours);
        ulong step = (ulong)r.Integer("stepSeconds", 60, 1, 86_400);
        ulong duration = (ulong)Math.Round(hours * 3600);
        if (duration < step) throw r.Error("durationHours", $"must cover at least one step of {step} s");
        if (duration / step > ScenarioLimits.MaxSteps)
            throw r.Error("durationHours", $"gives {duration / step:N0} steps of {step} s, more than the limit of {ScenarioLimits.MaxSteps:N0} (raise stepSeconds or shorten the run)");
        int sampleEvery = (int)r.Integer("sampleEverySteps", 1, 1, 1_000_000);
        int threads = (int)r.Integer("threads", 2, 1, 256);

        var prices = ParsePrices(r, baseDir);
        var ratePaths = new List<InterestRatePath>();
        var pool = ParsePool(r, prices, baseDir, ratePaths);
        var tokens = pool.Tokens.Select(t => t.Symbol).ToHashSet();
        foreach (var t in tokens)
            if (!prices.ContainsKey(t)) throw new ScenarioException($"prices.{t}", "is required: every collateral token needs a price process");
        foreach (var t in prices.Keys)
            if (!tokens.Contains(t)) throw new ScenarioException($"prices.{t}", "is not a token of the pool");

        var correlation = ParseCorrelation(r, prices);
        var dex = ParseDex(r, tokens);
        var rebalancers = ParseRebalancers(r, pool.Pool.DefaultToken, tokens);
        var strategies = ParseStrategies(r, pool.Pool.DefaultToken);
        var populations = r.Array("populations", minCount: 1, maxCount: ScenarioLimits.MaxPopulations)
            .SelectMany(x => Populations.PopulationProfiles.Expand(x.Item, x.Path, baseDir, (e, at) => ParsePopulation(e, at, tokens, pool.Pool.DefaultToken, strategies))).ToList();
        var dup = populations.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ScenarioException("populations", $"name '{dup.Key}' is used twice");
        long agents = populations.Sum(p => (long)p.Count);
        if (agents > ScenarioLimits.MaxTotalAgents)
            throw new ScenarioException("populations", $"{agents:N0} agents in all, more than the limit of {ScenarioLimits.MaxTotalAgents:N0}");
        var liquidators = r.Array("liquidators", required: false, maxCount: ScenarioLimits.MaxLiquidators).Select(x => ParseLiquidator(x.Item, x.Path)).ToList();
        var dupLiquidator = liquidators.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (dupLiquidator is not null) throw new ScenarioException("liquidators", $"name '{dupLiquidator.Key}' is used twice");
        var outputs = ParseOutputs(r, name);
        var persistence = ParsePersistence(r);
        var faults = r.Array("faults", required: false, maxCount: ScenarioLimits.MaxFaults).Select((x, i) => Chaos.FaultKinds.Parse(x.Item, x.Path, i, tokens, populations, duration)).ToList();
        var invariants = ParseInvariants(r);
        r.Done();
        ScenarioMoney.Check(populations, liquidators, rebalancers, dex, strategies, prices, pool.Pool.DefaultToken);
        ConcentratedDexParser.CheckSeeding(dex, strategies, prices, pool.Pool.DefaultToken);
        CheckOpeningDeposits(populations, pool, prices);
        return new Scenario(name, seed, duration, step, sampleEvery, pool, prices, correlation, dex, rebalancers, strategies, populations, liquidators, outputs, threads,
            persistence, faults, invariants) { InterestRatePaths = ratePaths };
    }

    /// <summary>
    /// Every borrower opens its position with each collateral token of its mix (size × weight ÷ start price, rounded to 6
    /// places): even the smallest size must give at least the token's minimumBalance, or the opening would fail at step 0.
    /// </summary>
    private static void CheckOpeningDeposits(IReadOnlyList<PopulationSpec> populations, Script pool, IReadOnlyDictionary<string, PriceSpec> prices)
    {
        for (int i = 0; i < populations.Count; i++)
        {
            var p = populations[i];
            if (p.IsLp) continue;
            double weights = p.CollateralMix.Values.Sum();
            foreach (var (t, w) in p.CollateralMix)
            {
                if (w <= 0) continue;
                double least = Math.Round(p.Size.Min * w / weights / prices[t].Start, 6);
                double minimum = Math.Max((pool.Tokens.FirstOrDefault(x => x.Symbol == t)?.MinimumBalance ?? UFix64.One).ToDouble(), 0.000001);
                if (least < minimum)
                    throw new ScenarioException($"populations[{i}].size", $"the smallest position deposits {least.ToString("0.######", CultureInfo.InvariantCulture)} {t}, below the token's minimumBalance {minimum.ToString("0.########", CultureInfo.InvariantCulture)} (raise size.min or lower the weight)");
            }
        }
    }

    /// <summary>The pool and tokens in protocol-script form, with the processes' start prices.</summary>
    private static Script ParsePool(JsonReader r, IReadOnlyDictionary<string, PriceSpec> prices, string baseDir, List<InterestRatePath> ratePaths)
    {
        var o = new JsonObject();
        if (r.Optional("pool") is { } p) o["pool"] = JsonNode.Parse(p.GetRawText());
        o["tokens"] = InterestRateCsvReader.Inline(JsonNode.Parse(r.Required("tokens").GetRawText())!, baseDir, ratePaths); // a csv rate path opens at its first rate
        var start = new JsonObject();
        foreach (var (t, spec) in prices) start[t] = UFix64.FromDouble(spec.Start).ToString();
        o["prices"] = start;
        o["steps"] = new JsonArray();
        try { return ScriptParser.Parse(o.ToJsonString()); }
        catch (ScriptFormatException e) { throw new ScenarioException(e.Where == "script" ? "pool" : e.Where, e.Problem); }
    }

    /// <summary>
    /// The run's name: it names the default output folder out/NAME, so it must be one plain folder name (letters, digits,
    /// '-', '_', '.'; not starting with '.'), never an absolute path, a path with separators or a '..' escape.
    /// </summary>
    private static string ScenarioName(JsonReader r)
    {
        string name = r.String("name");
        if (name.Length > ScenarioLimits.MaxNameLength) throw r.Error("name", $"must be at most {ScenarioLimits.MaxNameLength} characters");
        if (name[0] == '.' || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.'))
            throw r.Error("name", $"'{name}' must be a plain folder name: ASCII letters, digits, '-', '_' and '.' (not first)");
        return name;
    }

    /// <summary>A population's or liquidator's name: it names actors and report columns.</summary>
    private static string AgentName(JsonReader r)
    {
        string name = r.String("name");
        if (name.Length > ScenarioLimits.MaxNameLength) throw r.Error("name", $"must be at most {ScenarioLimits.MaxNameLength} characters");
        if (!name.All(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_')) throw r.Error("name", "use letters, digits, '-' and '_' only");
        return name;
    }

    private static Dictionary<string, PriceSpec> ParsePrices(JsonReader r, string baseDir)
    {
        var d = new Dictionary<string, PriceSpec>(StringComparer.Ordinal);
        foreach (var (token, e, path) in r.Map("prices")) d[token] = ParsePrice(new JsonReader(e, path), token, baseDir);
        return d;
    }

    private static readonly string[] Processes = ["constant", "gbm", "jump", "ou", "bridge", "regime", "scripted", "csv", "preset"];

    private static PriceSpec ParsePrice(JsonReader p, string token, string baseDir)
    {
        string process = p.OneOf("process", "gbm", Processes);
        double start = p.Double("start", min: ScenarioLimits.MinPrice, max: ScenarioLimits.MaxPrice);
        PriceSpec spec = process switch
        {
            "constant" => new ConstantPrice(start),
            "gbm" => new GbmPrice(start, Drift(p), p.Double("volatility", min: 0, max: 20)),
            "jump" => new JumpPrice(start, Drift(p), p.Double("volatility", min: 0, max: 20), p.Double("intensity", min: 0, max: ScenarioLimits.MaxRate),
                p.Double("jumpMean", min: -ScenarioLimits.MaxLogJump, max: ScenarioLimits.MaxLogJump), p.Double("jumpStdDev", min: 0, max: ScenarioLimits.MaxLogJump)),
            "ou" => new OuPrice(start, p.Double("mean", min: ScenarioLimits.MinPrice, max: ScenarioLimits.MaxPrice), p.Double("speed", min: 0, max: ScenarioLimits.MaxRate), p.Double("volatility", min: 0, max: 20),
                p.OneOf("space", "price", "price", "log") == "log" ? OuSpace.LogPrice : OuSpace.Price),
            "bridge" => new BridgePrice(start, p.Double("volatility", min: 0, max: 20), Pins(p).Select(x => new PricePin((ulong)Math.Round(x.Seconds), x.Price)).ToList()),
            "regime" => Regimes(p, start),
            "scripted" => new ScriptedPrice(start, Pins(p), p.OneOf("interpolation", "linear", "linear", "step") == "step" ? ScriptedInterpolation.Step : ScriptedInterpolation.Linear),
            "csv" => Csv(p, start, token, baseDir),
            _ => Preset(p, start),
        };
        p.Done();
        return spec;
    }

    /// <summary>An annual drift, within ±<see cref="ScenarioLimits.MaxDrift"/> (beyond it a path leaves UFix64 within hours).</summary>
    private static double Drift(JsonReader p) => p.Double("drift", 0, -ScenarioLimits.MaxDrift, ScenarioLimits.MaxDrift);

    private static PresetPrice Preset(JsonReader p, double start)
    {
        string name = p.OneOf("preset", "", HistoricalPresetPaths.Names.ToArray());
        var preset = HistoricalPresets.ByName(name);
        string asset = p.String("asset", preset.PrimaryAsset);
        if (!preset.Assets.Contains(asset)) throw p.Error("asset", $"preset {name} has assets {string.Join(", ", preset.Assets)}, not '{asset}'");
        return new PresetPrice(start, name, asset, p.Double("volatility", 0.5, 0, 20));
    }

    private static List<(double Seconds, double Price)> Pins(JsonReader p)
    {
        var pins = new List<(double, double)>();
        double last = 0;
        foreach (var (e, path) in p.Array("points", minCount: 1, maxCount: ScenarioLimits.MaxPricePoints))
        {
            var q = new JsonReader(e, path);
            double s = q.Double("hours", min: 0, max: ScenarioLimits.MaxDurationHours) * 3600;
            if (s <= last) throw q.Error("hours", "points must be in increasing time after 0");
            last = s;
            pins.Add((s, q.Double("price", min: ScenarioLimits.MinPrice, max: ScenarioLimits.MaxPrice)));
            q.Done();
        }
        return pins;
    }

    private static RegimePrice Regimes(JsonReader p, double start)
    {
        var regimes = p.Array("regimes", minCount: 2, maxCount: ScenarioLimits.MaxRegimes).Select(x =>
        {
            var q = new JsonReader(x.Item, x.Path);
            var reg = new Regime(q.String("name"), Drift(q), q.Double("volatility", min: 0, max: 20));
            q.Done();
            return reg;
        }).ToList();
        var dupRegime = regimes.GroupBy(g => g.Name).FirstOrDefault(g => g.Count() > 1);
        if (dupRegime is not null) throw p.Error("regimes", $"name '{dupRegime.Key}' is used twice");
        var rates = Matrix(p, "rates", regimes.Count, 0, ScenarioLimits.MaxRate);
        int initial = (int)p.Integer("initial", 0, 0, regimes.Count - 1);
        return new RegimePrice(start, regimes, rates, initial);
    }

    /// <summary>
    /// A CSV replay, read and checked now (not at run time): every line, the time column's format, and that the token
    /// has a price from time 0, so no step of the run is without one. Errors name the file and line.
    /// </summary>
    private static PriceSpec Csv(JsonReader p, double start, string token, string baseDir)
    {
        string file = p.String("file");
        string full = Path.IsPathRooted(file) ? file : Path.Combine(baseDir, file);
        string? column = p.Has("column") ? p.String("column") : null;
        var format = p.OneOf("timeFormat", "seconds", "seconds", "unix", "iso8601") switch
        {
            "unix" => CsvTimeFormat.Unix,
            "iso8601" => CsvTimeFormat.Iso8601,
            _ => CsvTimeFormat.Seconds,
        };
        string text = InputFile.ReadText(full, ScenarioLimits.MaxCsvBytes, reason => p.Error("file", reason));
        CsvPriceReplay replay;
        try { replay = CsvPriceReplay.Parse(text, format, ScenarioLimits.MaxCsvRecords, ScenarioLimits.MaxPrice); }
        catch (FormatException e) { throw p.Error("file", FileLine(full, e.Message)); }
        string series = column ?? token;
        if (!replay.Tokens.Contains(series))
            throw p.Error(column is null ? "file" : "column", $"{full} has no records for '{series}' (it has {string.Join(", ", replay.Tokens)})");
        var path = replay.Replay(series);
        var first = path.Observations[0];
        if (!first.Time.IsZero)
            throw p.Error("file", $"{full}:{replay.LineOf(series)}: the first '{series}' record is at {first.Time} s after the start, so the steps before it would have no price (the series must start at time 0{(format == CsvTimeFormat.Seconds ? "; for Unix or ISO-8601 times set timeFormat" : "")})");
        // after the last record its price holds to the end of the run (documented in config/scenarios/README.md)
        if (p.OneOf("interpolation", "step", "step", "bridge") == "bridge") return CsvBridgeReader.Read(p, start, full, column, path, replay.LineOf(series), series);
        return new CsvPrice(start, full, column, path);
    }

    /// <summary>"line 7: price: …" from the CSV reader as "FILE:7: price: …", the form editors and compilers use.</summary>
    private static string FileLine(string file, string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^line (\d+): (.*)$");
        return m.Success ? $"{file}:{m.Groups[1].Value}: {m.Groups[2].Value}" : $"{file}: {message}";
    }

    private static double[,] Matrix(JsonReader p, string field, int n, double min, double max)
    {
        var rows = p.Array(field).ToList();
        if (rows.Count != n) throw p.Error(field, $"must be a {n}×{n} matrix");
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Item.ValueKind != JsonValueKind.Array || rows[i].Item.GetArrayLength() != n) throw new ScenarioException(rows[i].Path, $"must be a row of {n} numbers");
            int j = 0;
            foreach (var v in rows[i].Item.EnumerateArray()) { m[i, j] = JsonReader.CheckDouble(v, $"{rows[i].Path}[{j}]", min, max); j++; }
        }
        return m;
    }

    private static CorrelationSpec? ParseCorrelation(JsonReader r, IReadOnlyDictionary<string, PriceSpec> prices)
    {
        if (r.OptionalObject("correlation") is not { } c) return null;
        var tokens = c.Array("tokens", minCount: 2).Select(x => x.Item.ValueKind == JsonValueKind.String ? x.Item.GetString()! : throw new ScenarioException(x.Path, "must be a token name")).ToList();
        foreach (var t in tokens)
            if (!prices.TryGetValue(t, out var s) || s is not GbmPrice) throw c.Error("tokens", $"'{t}' must have a gbm price process to be correlated");
        var m = Matrix(c, "matrix", tokens.Count, -1, 1);
        for (int i = 0; i < tokens.Count; i++)
        {
            if (m[i, i] != 1) throw c.Error("matrix", $"diagonal entry [{i}][{i}] must be 1");
            for (int j = 0; j < i; j++) if (m[i, j] != m[j, i]) throw c.Error("matrix", $"must be symmetric ([{i}][{j}] ≠ [{j}][{i}])");
        }
        try { _ = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(m).Cholesky(); }
        catch (ArgumentException) { throw c.Error("matrix", "must be positive definite"); }
        c.Done();
        return new CorrelationSpec(tokens, m);
    }

    private static DexSpec ParseDex(JsonReader r, ISet<string> tokens)
    {
        var d = r.OptionalObject("dex");
        if (d is null) return new DexSpec(30, tokens.ToDictionary(t => t, _ => UFix64.FromInteger(10_000_000)));
        ushort fee = (ushort)d.Integer("feeBps", 30, 0, 9_999);
        var depth = new Dictionary<string, UFix64>();
        foreach (var (t, e, path) in d.Map("depth"))
        {
            if (!tokens.Contains(t)) throw new ScenarioException(path, "is not a token of the pool");
            depth[t] = JsonReader.CheckDecimal(e, path);
            if (depth[t].IsZero) throw new ScenarioException(path, "must be greater than 0");
        }
        var concentrated = ConcentratedDexParser.Parse(d, tokens);
        d.Done();
        return new DexSpec(fee, depth) { Concentrated = concentrated };
    }

    private static RebalancerSettings ParseRebalancers(JsonReader r, string defaultToken, ISet<string> tokens)
    {
        var d = r.OptionalObject("rebalancers");
        var s = new RebalancerSettings(600, UFix64.Parse("0.00105"), defaultToken, 3600, false, UFix64.FromInteger(1_000_000));
        if (d is null) return s;
        s = new RebalancerSettings((ulong)d.Integer("intervalSeconds", 600, 1, 86_400 * 365), d.Decimal("fee", s.Fee), d.String("feeToken", defaultToken),
            (ulong)d.Integer("cronSeconds", 3600, 1, 86_400 * 365), d.Bool("force", false), d.Decimal("adminFunds", s.AdminFunds));
        if (s.Fee.ToDouble() > ScenarioLimits.MaxRebalancerFee) throw d.Error("fee", $"must be at most {ScenarioLimits.MaxRebalancerFee:N0}, got {s.Fee}");
        if (s.FeeToken != defaultToken && !tokens.Contains(s.FeeToken)) throw d.Error("feeToken", $"'{s.FeeToken}' is not a token of the pool");
        d.Done();
        return s;
    }

    private static StrategySpec? ParseStrategies(JsonReader r, string defaultToken)
    {
        if (r.OptionalObject("yieldVaults") is not { } d) return null;
        var s = new StrategySpec(d.String("yieldToken", "YIELD"), d.Decimal("apr"), d.Decimal("depth", UFix64.FromInteger(10_000_000)));
        if (s.Depth.IsZero) throw d.Error("depth", "must be greater than 0");
        s = s with
        {
            MaxSlippageBps = d.Has("maxSlippageBps") ? (ushort)d.Integer("maxSlippageBps", null, 0, 10_000) : null,
            Reference = ParseReferencePrice(d),
            Concentrated = ConcentratedDexParser.OptionalPair(d),
            MintAtReference = d.Bool("mintAtReference", false),
            Keepers = d.OptionalObject("keepers") is { } k ? ParseKeepers(k, defaultToken, s.YieldToken) : null,
        };
        d.Done();
        return s;
    }

    /// <summary>yieldVaults.referencePrice: a constant (a decimal) or points [{ "hours", "price" }], linear between them.</summary>
    private static Engine.Keepers.ReferencePricePath? ParseReferencePrice(JsonReader d)
    {
        if (d.Optional("referencePrice") is not { } e) return null;
        if (e.ValueKind != JsonValueKind.Array)
        {
            var p = JsonReader.CheckDecimal(e, d.At("referencePrice"));
            if (p.IsZero) throw d.Error("referencePrice", "must be greater than 0");
            return Engine.Keepers.ReferencePricePath.Constant(p);
        }
        var points = new List<(ulong, UFix64)>();
        long last = -1;
        foreach (var (item, path) in d.Array("referencePrice", minCount: 1, maxCount: ScenarioLimits.MaxPricePoints))
        {
            var q = new JsonReader(item, path);
            long sec = (long)Math.Round(q.Double("hours", min: 0, max: ScenarioLimits.MaxDurationHours) * 3600);
            if (sec <= last) throw q.Error("hours", "points must be in increasing time");
            last = sec;
            var price = q.Decimal("price");
            if (price.IsZero) throw q.Error("price", "must be greater than 0");
            points.Add(((ulong)sec, price));
            q.Done();
        }
        return new Engine.Keepers.ReferencePricePath(points);
    }

    /// <summary>yieldVaults.keepers: count, a shared inventory of MOET and the yield token, timer, deviation band, delay.</summary>
    private static Engine.Keepers.KeeperSettings ParseKeepers(JsonReader k, string defaultToken, string yieldToken)
    {
        UFix64 inBase = UFix64.Zero, inYield = UFix64.Zero;
        foreach (var (token, value, path) in k.Map("inventory"))
        {
            var amount = JsonReader.CheckDecimal(value, path);
            if (token == defaultToken) inBase = amount;
            else if (token == yieldToken) inYield = amount;
            else throw new ScenarioException(path, $"a keeper inventory holds only {defaultToken} and {yieldToken}");
        }
        var s = new Engine.Keepers.KeeperSettings((int)k.Integer("count", 1, 1, 1_000), inBase, inYield,
            (ulong)Math.Round(k.Double("intervalHours", 12, 1.0 / 3600, ScenarioLimits.MaxDurationHours) * 3600),
            (ushort)k.Integer("deviationBps", 50, 1, 10_000), (ulong)k.Integer("delaySeconds", 0, 0, 86_400 * 365))
        {
            RedeemAfterSeconds = k.Has("redeemAfterSeconds") ? (ulong)k.Integer("redeemAfterSeconds", null, 0, 86_400 * 365) : null,
        };
        k.Done();
        return s;
    }

    private static Dist ParseDist(JsonReader owner, string field, Dist? fallback, double min, double max)
    {
        var e = owner.Optional(field);
        if (e is null) return fallback ?? throw owner.Error(field, "is required");
        if (e.Value.ValueKind == JsonValueKind.Number || e.Value.ValueKind == JsonValueKind.String)
        {
            double v = JsonReader.CheckDouble(e.Value, owner.At(field), min, max);
            return new Dist(v, v);
        }
        var d = new JsonReader(e.Value, owner.At(field));
        var dist = Populations.DistributionReader.Read(d, min, max); // {min, max} as before, or a named distribution
        d.Done();
        return dist;
    }

    private static PopulationSpec ParsePopulation(JsonElement e, string path, ISet<string> tokens, string defaultToken, StrategySpec? strategies)
    {
        var p = new JsonReader(e, path);
        string name = AgentName(p);
        bool lp = p.OneOf("kind", "borrower", "borrower", "lp") == "lp";
        int count = (int)p.Integer("count", min: 1, max: ScenarioLimits.MaxPopulationCount);
        if (lp)
        {
            var deposit = new Dictionary<string, UFix64>();
            foreach (var (t, v, vp) in p.Map("deposit"))
            {
                if (!tokens.Contains(t) && t != defaultToken) throw new ScenarioException(vp, "is not a token of the pool");
                deposit[t] = JsonReader.CheckDecimal(v, vp);
                if (deposit[t].IsZero) throw new ScenarioException(vp, "must be greater than 0");
            }
            if (deposit.Count == 0) throw p.Error("deposit", "must name at least one token");
            p.Done();
            var none = new Dist(0, 0);
            return new PopulationSpec(name, true, count, new Dictionary<string, double>(), none, none, none, none, null, Funding.None, Funding.None, none, RebalancerKind.None, deposit);
        }
        var mix = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (t, v, vp) in p.Map("collateral"))
        {
            if (!tokens.Contains(t)) throw new ScenarioException(vp, "is not a collateral token of the pool");
            mix[t] = JsonReader.CheckDouble(v, vp, 0, ScenarioLimits.MaxWeight);
        }
        if (mix.Count == 0 || mix.Values.Sum() <= 0) throw p.Error("collateral", "must give at least one token a positive weight");
        var size = ParseDist(p, "size", null, 1, 1e10);
        var h = p.Object("health");
        var minH = ParseDist(h, "min", new Dist(1.1, 1.1), 1.0001, 100);
        var target = ParseDist(h, "target", new Dist(1.3, 1.3), 1.0001, 100);
        var maxH = ParseDist(h, "max", new Dist(1.5, 1.5), 1.0001, 100);
        var initial = h.Has("initial") ? ParseDist(h, "initial", null, 1.0001, 100) : null;
        if (!(minH.Max < target.Min)) throw h.Error("target", "must be above min for every agent (ranges must not overlap)");
        if (!(target.Max < maxH.Min)) throw h.Error("max", "must be above target for every agent (ranges must not overlap)");
        h.Done();
        Funding Fund(string field) => p.OneOf(field, "wallet", "wallet", "yieldVault", "none") switch
        {
            "wallet" => Funding.Wallet,
            "yieldVault" => strategies is null ? throw p.Error(field, "yieldVault needs a top-level 'yieldVaults' section") : Funding.YieldVault,
            _ => Funding.None,
        };
        var sink = Fund("drawDownSink");
        var borrowed = ParseBorrowedFunds(p, sink);
        var (source, reserve, loanReserve) = ParseTopUpSource(p, Fund, defaultToken, borrowed);
        if (reserve is not null && p.Has("walletMoet")) throw p.Error("walletMoet", $"give the wallet's MOET once: here or as topUpSource.{defaultToken}");
        var walletMoet = reserve ?? ParseDist(p, "walletMoet", new Dist(0, 0), 0, 1e10);
        var rebalancer = p.OneOf("rebalancer", "paid", "paid", "self", "none") switch { "paid" => RebalancerKind.Paid, "self" => RebalancerKind.Self, _ => RebalancerKind.None };
        var interval = Populations.RebalanceIntervals.Read(p, rebalancer, (owner, field, min, max) => ParseDist(owner, field, null, min, max));
        p.Done();
        return new PopulationSpec(name, false, count, mix, size, minH, target, maxH, initial, source, sink, walletMoet, rebalancer, new Dictionary<string, UFix64>())
        {
            Borrowed = borrowed, LoanReserveFraction = loanReserve, RebalanceInterval = interval,
        };
    }

    /// <summary>
    /// Where borrowed MOET goes. A wallet drawDownSink keeps it (<c>kept</c>) or, by default, spends it (<c>spent</c>: it
    /// leaves the wallet, so a wallet topUpSource holds only its reserve); a yieldVault sink puts it in the vault.
    /// </summary>
    private static BorrowedFunds ParseBorrowedFunds(JsonReader p, Funding sink)
    {
        switch (sink)
        {
            case Funding.Wallet:
                return p.OneOf("borrowedFunds", "spent", "spent", "kept") == "kept" ? BorrowedFunds.Kept : BorrowedFunds.Spent;
            case Funding.YieldVault:
                p.OneOf("borrowedFunds", "yieldVault", "yieldVault");
                return BorrowedFunds.YieldVault;
            default:
                if (p.Has("borrowedFunds")) throw p.Error("borrowedFunds", "nothing is borrowed with drawDownSink 'none'");
                p.Optional("borrowedFunds"); // an explicit null is read as absent
                return BorrowedFunds.Kept;
        }
    }

    /// <summary>
    /// topUpSource: <c>wallet</c>, <c>yieldVault</c>, <c>none</c>, or a wallet with a declared reserve
    /// <c>{"MOET": amount or {min, max}, "loanFraction": share of the opening loan kept back}</c>.
    /// </summary>
    private static (Funding Source, Dist? Reserve, double LoanFraction) ParseTopUpSource(JsonReader p, Func<string, Funding> fund, string defaultToken, BorrowedFunds borrowed)
    {
        var e = p.Optional("topUpSource");
        if (e is not { ValueKind: JsonValueKind.Object }) return (fund("topUpSource"), null, 0);
        var o = new JsonReader(e.Value, p.At("topUpSource"));
        foreach (var key in e.Value.EnumerateObject().Select(x => x.Name))
            if (key != defaultToken && key != "loanFraction" && key != "comment" && key != "description")
                throw o.Error(key, $"is not a field of a wallet reserve (give {defaultToken}: an amount, and/or loanFraction; top-ups are in the pool's default token)");
        Dist? reserve = o.Has(defaultToken) ? ParseDist(o, defaultToken, null, 0, 1e10) : null;
        double fraction = o.Double("loanFraction", 0, 0, 0.9);
        if (reserve is null && !o.Has("loanFraction")) throw p.Error("topUpSource", $"a wallet reserve needs {defaultToken} (an amount) or loanFraction");
        if (o.Has("loanFraction") && borrowed != BorrowedFunds.Spent)
            throw o.Error("loanFraction", "needs borrowedFunds 'spent' with drawDownSink 'wallet' (a kept loan stays in the wallet whole)");
        o.Done();
        return (Funding.Wallet, reserve, fraction);
    }

    private static LiquidatorSpec ParseLiquidator(JsonElement e, string path)
    {
        var l = new JsonReader(e, path);
        var spec = new LiquidatorSpec(AgentName(l), (int)l.Integer("count", 1, 1, 1000), l.Decimal("capital"), (ushort)l.Integer("discountBps", 50, 0, 9_999),
            (ulong)l.Integer("latencySeconds", 0, 0, 86_400 * 30));
        if (spec.Capital.IsZero) throw l.Error("capital", "must be greater than 0");
        l.Done();
        return spec;
    }

    private static Chaos.InvariantSpec ParseInvariants(JsonReader r)
    {
        if (r.OptionalObject("invariants") is not { } i) return Chaos.InvariantSpec.Off;
        List<string>? only = null;
        if (i.Has("checks"))
        {
            only = new List<string>();
            foreach (var (item, at) in i.Array("checks"))
            {
                string key = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
                if (!Chaos.InvariantSpec.Checks.ContainsKey(key))
                    throw new ScenarioException(at, $"must be one of {string.Join(", ", Chaos.InvariantSpec.Checks.Keys)}, got '{(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())}'");
                only.Add(key);
            }
        }
        var spec = new Chaos.InvariantSpec((int)i.Integer("everySteps", 1, 0, 1_000_000), i.OneOf("onViolation", "stop", "stop", "record") == "stop", only);
        i.Done();
        return spec;
    }

    private static Persistence.PersistenceSpec ParsePersistence(JsonReader r)
    {
        if (r.OptionalObject("persistence") is not { } p) return Persistence.PersistenceSpec.Default;
        var mode = p.OneOf("mode", "checkpoint", "events", "checkpoint", "off") switch
        {
            "events" => Persistence.PersistenceMode.Events,
            "off" => Persistence.PersistenceMode.Off,
            _ => Persistence.PersistenceMode.Checkpoint,
        };
        int? every = p.Has("everySteps") ? (int)p.Integer("everySteps", 1, 1, 1_000_000) : null; // absent: checkpoints by wall-clock budget
        string backend = p.OneOf("backend", "sqlite", "sqlite", "postgres");
        string? connection = null;
        if (backend == "postgres")
        {
            if (p.Has("connectionString")) connection = p.String("connectionString");
            else
            {
                string file = p.String("connectionFile", "config/persistence/postgres.conf");
                if (!File.Exists(file)) throw p.Error("connectionFile", $"not found: {file} (scripts/postgres.sh start creates it with a private PostgreSQL; or give connectionString)");
                connection = InputFile.ReadText(file, 64 * 1024, reason => p.Error("connectionFile", reason)).Trim();
            }
        }
        p.Done();
        return new Persistence.PersistenceSpec(mode, every, backend, connection);
    }

    private static OutputSpec ParseOutputs(JsonReader r, string name)
    {
        var o = r.OptionalObject("outputs");
        string fallback = Path.Combine("out", name);
        if (o is null) return new OutputSpec(fallback, true, true, true);
        var spec = new OutputSpec(o.String("dir", fallback), o.Bool("plots", true), o.Bool("html", true), o.Bool("eventLog", true));
        o.Done();
        return spec;
    }

    internal static string Invariant(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
