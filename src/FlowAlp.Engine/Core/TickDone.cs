using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>A tick's outcome; <see cref="QuietRuns"/> counts the due rebalancer runs decided without waking their position.</summary>
public sealed record TickDone(UFix64 Time, int Rebalances, int FailedSchedules, int LiquidationsApplied, int LiquidationsRejected, int EventLogLength, int QuietRuns = 0);
