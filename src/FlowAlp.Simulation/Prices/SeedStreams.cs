using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Deterministic RNG streams: one run seed fans out into independent, named streams ("gbm:FLOW", "bridge:ETH", ...).
/// The derivation is SHA-256 over the run seed (8 bytes, little endian) followed by the UTF-8 bytes of the stream
/// name, so it is stable across processes, machines and .NET versions (unlike <see cref="string.GetHashCode()"/>,
/// which is randomised per process).
/// </summary>
public static class SeedStreams
{
    /// <summary>A non-negative 31-bit seed for the stream <paramref name="stream"/> of run <paramref name="runSeed"/>.</summary>
    public static int Derive(ulong runSeed, string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] name = Encoding.UTF8.GetBytes(stream);
        byte[] input = new byte[8 + name.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(input, runSeed);
        name.CopyTo(input, 8);
        byte[] hash = SHA256.HashData(input);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) & 0x7FFF_FFFFu);
    }

    /// <summary>A Mersenne Twister seeded from <see cref="Derive"/>.</summary>
    public static MersenneTwister Create(ulong runSeed, string stream) => new(Derive(runSeed, stream));
}
