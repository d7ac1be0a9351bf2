namespace FlowAlp.Protocol;

/// <summary>
/// A failed protocol assertion: the contract would revert the whole transaction with this reason.
/// Every operation of <see cref="Pool"/> is atomic, so catching this means state is exactly as before the call.
/// </summary>
public class ProtocolException(string reason) : Exception(reason)
{
    public string Reason => Message;
}

/// <summary>Arithmetic failure of the fixed-point types (underflow, overflow, division by zero): also a revert.</summary>
public sealed class FixedPointException(string reason) : ProtocolException(reason);
