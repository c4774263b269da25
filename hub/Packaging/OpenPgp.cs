using System.Buffers.Binary;
using System.Text;

namespace PiController.Hub.Packaging;

/// <summary>
/// The few OpenPGP (RFC 4880) encodings an apt repository needs: packets with new-format headers, multiprecision
/// integers, signature subpackets and ASCII armor. apt verifies Release files with gpgv, which reads exactly these.
/// </summary>
internal static class OpenPgp
{
    public const byte TagSignature = 2;
    public const byte TagPublicKey = 6;
    public const byte TagUserId = 13;

    public const byte AlgorithmRsa = 1;
    public const byte HashSha256 = 8;

    public const byte SubpacketCreationTime = 2;
    public const byte SubpacketIssuerKeyId = 16;
    public const byte SubpacketPreferredHashes = 21;
    public const byte SubpacketKeyFlags = 27;
    public const byte SubpacketIssuerFingerprint = 33;

    public static byte[] Packet(byte tag, ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream();
        output.WriteByte((byte)(0xC0 | tag));
        var length = body.Length;
        if (length < 192)
        {
            output.WriteByte((byte)length);
        }
        else if (length < 8384)
        {
            output.WriteByte((byte)(((length - 192) >> 8) + 192));
            output.WriteByte((byte)((length - 192) & 0xFF));
        }
        else
        {
            output.WriteByte(0xFF);
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(four, length);
            output.Write(four);
        }
        output.Write(body);
        return output.ToArray();
    }

    /// <summary>A multiprecision integer: its length in bits, then its big-endian bytes without leading zeros.</summary>
    public static byte[] Mpi(ReadOnlySpan<byte> bigEndian)
    {
        var start = 0;
        while (start < bigEndian.Length - 1 && bigEndian[start] == 0)
        {
            start++;
        }
        var magnitude = bigEndian[start..];
        var bits = magnitude.Length == 0 ? 0 : ((magnitude.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude[0]));
        var result = new byte[2 + magnitude.Length];
        BinaryPrimitives.WriteUInt16BigEndian(result, (ushort)bits);
        magnitude.CopyTo(result.AsSpan(2));
        return result;
    }

    public static byte[] Subpacket(byte type, ReadOnlySpan<byte> data)
    {
        if (data.Length + 1 >= 192)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "subpackets this long are not needed here");
        }
        var result = new byte[data.Length + 2];
        result[0] = (byte)(data.Length + 1);
        result[1] = type;
        data.CopyTo(result.AsSpan(2));
        return result;
    }

    public static byte[] Time(DateTimeOffset time)
    {
        var result = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(result, (uint)time.ToUnixTimeSeconds());
        return result;
    }

    public static string Armor(string kind, ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        text.Append("-----BEGIN PGP ").Append(kind).Append("-----\n\n");
        var base64 = Convert.ToBase64String(data);
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }
        var crc = Crc24(data);
        text.Append('=').Append(Convert.ToBase64String([(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc])).Append('\n');
        text.Append("-----END PGP ").Append(kind).Append("-----\n");
        return text.ToString();
    }

    /// <summary>The armor checksum of RFC 4880 section 6.1.</summary>
    public static int Crc24(ReadOnlySpan<byte> data)
    {
        var crc = 0xB704CE;
        foreach (var b in data)
        {
            crc ^= b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }

    /// <summary>
    /// The text a cleartext signature covers (RFC 4880 section 7.1): lines without trailing spaces or tabs,
    /// joined with CR LF, without the line break that ends the last line.
    /// </summary>
    public static byte[] CanonicalText(string text)
    {
        var lines = SplitLines(text);
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Select(l => l.TrimEnd(' ', '\t'))));
    }

    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }
}
