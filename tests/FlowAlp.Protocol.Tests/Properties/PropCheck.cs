using CsCheck;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>
/// Reproducible sampling: sample i is generated from the fixed CsCheck PCG (stream, seed + i), so CI runs the same
/// random sequences every time. A failure names the sample's PCG seed string; pass it to
/// <c>gen.Sample(assert, seed: "...", iter: 1)</c> to rerun just that case.
/// </summary>
internal static class PropCheck
{
    public static void ForAll<T>(Gen<T> gen, int samples, ulong seed, Action<T> body, Func<T, string>? print = null)
    {
        for (int i = 0; i < samples; i++)
        {
            var pcg = new PCG(7u, seed + (ulong)i);
            string seedText = pcg.ToString();
            var value = gen.Generate(pcg, null, out _);
            try { body(value); }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"sample {i} (CsCheck seed \"{seedText}\") failed: {e.Message}\n{(print ?? Describe)(value)}", e);
            }
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable list and not string => string.Join("\n", list.Cast<object>().Select((o, k) => $"  [{k}] {o}")),
        _ => value?.ToString() ?? "null",
    };
}
