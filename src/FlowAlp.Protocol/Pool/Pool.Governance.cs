using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;

namespace FlowAlp.Protocol;

public sealed partial class Pool
{
    /// <summary>addSupportedToken (§1.1): CF and BF in (0, 1], positive deposit rate and cap.</summary>
    public void AddSupportedToken(TokenSettings s) => _tx.Run(() =>
    {
        if (_tokens.ContainsKey(s.Symbol)) throw new ProtocolException("Token type already supported");
        if (s.CollateralFactor.IsZero || s.CollateralFactor > UFix64.One) throw new ProtocolException("Collateral factor must be between 0 and 1");
        if (s.BorrowFactor.IsZero || s.BorrowFactor > UFix64.One) throw new ProtocolException("Borrow factor must be between 0 and 1");
        if (s.DepositRate.IsZero) throw new ProtocolException("Deposit rate must be positive");
        if (s.DepositCapacityCap.IsZero) throw new ProtocolException("Deposit capacity cap must be positive");
        _tokens[s.Symbol] = NewTokenState(s);
        _tx.OnRollback(() => _tokens.Remove(s.Symbol));
    });

    public void PausePool() => _tx.Run(() =>
    {
        if (_g.Paused) return;
        G.Paused = true;
        Emit(new PoolPaused());
    });

    public void UnpausePool() => _tx.Run(() =>
    {
        if (!_g.Paused) return;
        var g = G;
        g.Paused = false;
        g.LastUnpausedAt = Now.Floor;
        Emit(new PoolUnpaused(UFix64.FromInteger(Now.Floor + g.WarmupSeconds)));
    });

    public void SetInterestCurve(string token, IInterestCurve curve) => _tx.Run(() =>
    {
        RequireSupported(token);
        UpdatedTokenState(token).SetInterestCurve(curve);
        Emit(new InterestCurveUpdated(token, curve.CurveType));
    });

    public void SetInsuranceRate(string token, UFix64 rate) => _tx.Run(() =>
    {
        if (!IsTokenSupported(token)) throw new ProtocolException($"Unsupported token type {token}");
        if (rate >= UFix64.One) throw new ProtocolException("insuranceRate must be in range [0, 1)");
        var ts = TokenStateOf(token);
        if (rate + ts.StabilityFeeRate >= UFix64.One)
            throw new ProtocolException("insuranceRate + stabilityFeeRate must be in range [0, 1) to avoid underflow in credit rate calculation");
        if (!rate.IsZero && Dex.GetSwapper(token, DefaultToken) == null)
            throw new ProtocolException($"Cannot set non-zero insurance rate without an insurance swapper configured for {token}");
        UpdateRatesAndCollectInsurance(token);
        ts.SetInsuranceRate(rate);
        ts.UpdateInterestRates();
        Emit(new InsuranceRateUpdated(token, rate));
    });

    public void SetStabilityFeeRate(string token, UFix64 rate) => _tx.Run(() =>
    {
        if (!IsTokenSupported(token)) throw new ProtocolException($"Unsupported token type {token}");
        if (rate >= UFix64.One) throw new ProtocolException("stability fee rate must be in range [0, 1)");
        var ts = TokenStateOf(token);
        if (rate + ts.InsuranceRate >= UFix64.One)
            throw new ProtocolException("stabilityFeeRate + insuranceRate must be in range [0, 1) to avoid underflow in credit rate calculation");
        UpdateRatesAndCollectStability(token);
        ts.SetStabilityFeeRate(rate);
        ts.UpdateInterestRates();
        Emit(new StabilityFeeRateUpdated(token, rate));
    });

    public UFix64 CollectInsurance(string token) => _tx.Run(() => { RequireSupported(token); return UpdateRatesAndCollectInsurance(token); });
    public UFix64 CollectStability(string token) => _tx.Run(() => { RequireSupported(token); return UpdateRatesAndCollectStability(token); });

    public void SetDepositLimitFraction(string token, UFix64 fraction) => _tx.Run(() =>
    {
        RequireSupported(token);
        if (fraction.IsZero || fraction > UFix64.One) throw new ProtocolException("fraction must be in (0,1]");
        TokenStateOf(token).SetDepositLimitFraction(fraction);
    });

    public void SetDepositRate(string token, UFix64 hourlyRate) => _tx.Run(() => { RequireSupported(token); TokenStateOf(token).SetDepositRate(hourlyRate, Now); });
    public void SetDepositCapacityCap(string token, UFix64 cap) => _tx.Run(() => { RequireSupported(token); TokenStateOf(token).SetDepositCapacityCap(cap, Now); });
    public void SetMinimumTokenBalancePerPosition(string token, UFix64 minimum) => _tx.Run(() => { RequireSupported(token); TokenStateOf(token).SetMinimumBalance(minimum); });

    /// <summary>Config setters (no events): CF/BF in (0, 1], liquidation target &gt; 1, deviation bps, warmup.</summary>
    public void SetCollateralFactor(string token, UFix64 factor) => _tx.Run(() =>
    {
        RequireSupported(token);
        if (factor.IsZero || factor > UFix64.One) throw new ProtocolException("Collateral factor must be between 0 and 1");
        TokenStateOf(token).SetCollateralFactor(factor);
    });

    public void SetBorrowFactor(string token, UFix64 factor) => _tx.Run(() =>
    {
        RequireSupported(token);
        if (factor.IsZero || factor > UFix64.One) throw new ProtocolException("Borrow factor must be between 0 and 1");
        TokenStateOf(token).SetBorrowFactor(factor);
    });

    public void SetLiquidationTargetHealth(UFix128 target) => _tx.Run(() =>
    {
        if (target <= UFix128.One) throw new ProtocolException("targetHF must be > 1.0");
        G.LiquidationTargetHealth = target;
    });

    public void SetDexOracleDeviationBps(ushort bps) => _tx.Run(() => { G.DexOracleDeviationBps = bps; });
    public void SetWarmupSeconds(ulong seconds) => _tx.Run(() => { G.WarmupSeconds = seconds; });

    /// <summary>setPriceOracle: the unit of account must be the default token; every position is re-queued.</summary>
    public void SetPriceOracle(IPriceOracle oracle) => _tx.Run(() =>
    {
        if (oracle.UnitOfAccount != DefaultToken) throw new ProtocolException("Price oracle must return prices in terms of the default token");
        var g = G;
        g.Oracle = oracle;
        var (savedQueue, savedQueued) = (_queue, _queued);
        _queue = Enumerable.Range(0, _positions.Count).Select(i => (long)i).ToList();
        _queued = new HashSet<long>(_queue);
        _tx.OnRollback(() => (_queue, _queued) = (savedQueue, savedQueued));
        Emit(new PriceOracleUpdated(oracle.GetType().Name));
    });

    public void WithdrawStabilityFund(string token, UFix64 amount) => _tx.Run(() =>
    {
        if (!_g.StabilityFunds.TryGetValue(token, out var fund)) throw new ProtocolException($"No stability fund exists for token type {token}");
        if (amount.IsZero) throw new ProtocolException("Withdrawal amount must be positive");
        if (fund < amount) throw new ProtocolException($"Insufficient stability fund balance. Available: {fund}, requested: {amount}");
        G.StabilityFunds[token] = fund - amount;
        Emit(new StabilityFundWithdrawn(token, amount));
    });

    public void RegenerateAllDepositCapacities() => _tx.Run(() =>
    {
        foreach (var ts in _tokens.Values) ts.RegenerateDepositCapacity(Now);
    });

    private void RequireSupported(string token)
    {
        if (!IsTokenSupported(token)) throw new ProtocolException($"Unsupported token type {token}");
    }

    /// <summary>§3.5 insurance: sweep rate × estimated debit income from the reserve, swap to MOET, check DEX vs oracle.</summary>
    private UFix64 UpdateRatesAndCollectInsurance(string token)
    {
        var ts = UpdatedTokenState(token);
        ts.UpdateInterestRates();
        if (!HasReserve(token)) return UFix64.Zero;
        UFix64 oraclePrice = OraclePrice(token);
        if (ts.InsuranceRate.IsZero) { ts.SetLastInsuranceCollection(Now); return UFix64.Zero; }
        if (Now <= ts.LastInsuranceCollectionTime) return UFix64.Zero;
        UFix64 elapsed = Now - ts.LastInsuranceCollectionTime;
        UFix128 income = ts.TotalDebitBalance * (FixedMath.Pow(ts.CurrentDebitRate, elapsed.Floor) - UFix128.One);
        UFix64 amount = (income * ts.InsuranceRate.ToUFix128()).RoundDown();
        if (amount.IsZero) { ts.SetLastInsuranceCollection(Now); return UFix64.Zero; }
        if (amount > Reserve(token)) return UFix64.Zero; // skipped whole, clock not advanced
        TakeFromReserve(token, amount);
        var swapper = Dex.GetSwapper(token, DefaultToken) ?? throw new ProtocolException("missing insurance swapper");
        var quote = swapper.QuoteOut(amount);
        UFix64 dexPrice = quote.OutAmount / quote.InAmount;
        if (!FixedMath.DexOracleDeviationInRange(dexPrice, oraclePrice, _g.DexOracleDeviationBps))
            throw new ProtocolException($"DEX/oracle price deviation exceeds {_g.DexOracleDeviationBps}bps. Dex price: {dexPrice}, Oracle price: {oraclePrice}");
        var moet = swapper.Swap(quote, new Connectors.Vault(token, amount));
        ts.SetLastInsuranceCollection(Now);
        G.InsuranceFund += moet.Amount;
        Emit(new InsuranceFeeCollected(token, moet.Amount, ts.LastInsuranceCollectionTime));
        return moet.Amount;
    }

    /// <summary>§3.5 stability: sweep rate × estimated debit income from the reserve into the token's stability fund.</summary>
    private UFix64 UpdateRatesAndCollectStability(string token)
    {
        var ts = UpdatedTokenState(token);
        ts.UpdateInterestRates();
        if (!HasReserve(token)) return UFix64.Zero;
        if (ts.StabilityFeeRate.IsZero) { ts.SetLastStabilityCollection(Now); return UFix64.Zero; }
        if (Now <= ts.LastStabilityFeeCollectionTime) return UFix64.Zero;
        UFix64 elapsed = Now - ts.LastStabilityFeeCollectionTime;
        UFix128 income = ts.TotalDebitBalance * (FixedMath.Pow(ts.CurrentDebitRate, elapsed.Floor) - UFix128.One);
        UFix64 amount = (income * ts.StabilityFeeRate.ToUFix128()).RoundDown();
        if (amount.IsZero) { ts.SetLastStabilityCollection(Now); return UFix64.Zero; }
        if (amount > Reserve(token)) return UFix64.Zero;
        TakeFromReserve(token, amount);
        ts.SetLastStabilityCollection(Now);
        var g = G;
        g.StabilityFunds[token] = (g.StabilityFunds.TryGetValue(token, out var f) ? f : UFix64.Zero) + amount;
        Emit(new StabilityFeeCollected(token, amount, Now));
        return amount;
    }
}
