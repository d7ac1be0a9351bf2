using FlowAlp.Protocol;

namespace FlowAlp.Engine.Operations;

/// <summary>The script's `governance` op mapped onto the pool's governance setters.</summary>
internal static class ScriptGovernance
{
    public static void Apply(Pool pool, GovernanceStep s)
    {
        var v = s.Value;
        string token = s.Token ?? "";
        switch (s.Setting)
        {
            case "interestCurve": pool.SetInterestCurve(token, v.Curve!); break;
            case "insuranceRate": pool.SetInsuranceRate(token, v.Decimal!.Value); break;
            case "stabilityFeeRate": pool.SetStabilityFeeRate(token, v.Decimal!.Value); break;
            case "depositRate": pool.SetDepositRate(token, v.Decimal!.Value); break;
            case "depositCapacityCap": pool.SetDepositCapacityCap(token, v.Decimal!.Value); break;
            case "depositLimitFraction": pool.SetDepositLimitFraction(token, v.Decimal!.Value); break;
            case "minimumBalance": pool.SetMinimumTokenBalancePerPosition(token, v.Decimal!.Value); break;
            case "collateralFactor": pool.SetCollateralFactor(token, v.Decimal!.Value); break;
            case "borrowFactor": pool.SetBorrowFactor(token, v.Decimal!.Value); break;
            case "liquidationTargetHealth": pool.SetLiquidationTargetHealth(v.Decimal!.Value.ToUFix128()); break;
            case "dexOracleDeviationBps": pool.SetDexOracleDeviationBps(v.Bps!.Value); break;
            case "warmupSeconds": pool.SetWarmupSeconds(v.Decimal!.Value.Floor); break;
            case "paused": if (v.Flag == true) pool.PausePool(); else pool.UnpausePool(); break;
            default: throw new ProtocolException($"unknown governance setting {s.Setting}");
        }
    }
}
