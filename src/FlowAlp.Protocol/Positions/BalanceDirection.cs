namespace FlowAlp.Protocol.Positions;

public enum BalanceDirection : byte { Credit, Debit }
