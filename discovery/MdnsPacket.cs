using System.Buffers.Binary;
using Makaretu.Dns;

namespace PiController.Discovery;

/// <summary>
/// Reads and writes mDNS packets with Makaretu.Dns, behind a structural check of our own. Makaretu reads a name
/// label by label with recursion and keeps every suffix it has seen, so one 9 KB packet holding a name of 4,000
/// one-byte labels would cost it tens of megabytes; names longer than DNS allows (255 bytes, RFC 1035 §2.3.4) are
/// therefore refused before it sees them. Whatever else is wrong with a packet surfaces as an exception from the
/// parser and is returned as a reason, never thrown.
/// </summary>
public static class MdnsPacket
{
    /// <summary>RFC 6762 §17: an mDNS packet, including IP and UDP headers, is at most 9000 bytes.</summary>
    public const int MaxSize = 9000;

    private const int MaxNameLength = 255;
    private const ushort CacheFlushBit = 0x8000;

    public static Message? TryRead(ReadOnlySpan<byte> packet, out string? error)
    {
        error = Check(packet);
        if (error is not null)
        {
            return null;
        }
        try
        {
            var message = new Message();
            message.Read(packet.ToArray(), 0, packet.Length);
            return message;
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    public static byte[] Write(Message message) => message.ToByteArray();

    public static bool IsCacheFlush(ResourceRecord record) => ((ushort)record.Class & CacheFlushBit) != 0;

    /// <summary>The class without the cache-flush bit (answers) or the unicast-response bit (questions).</summary>
    public static ushort BaseClass(DnsClass value) => (ushort)((ushort)value & 0x7FFF);

    public static DnsClass InternetClass(bool topBit) => (DnsClass)(topBit ? 0x8001 : 0x0001);

    /// <summary>Same name, type, class and data: "identical" in the sense of RFC 6762 §8.2 and §9 (TTL aside).</summary>
    public static bool SameRecord(ResourceRecord a, ResourceRecord b) =>
        a.Type == b.Type && BaseClass(a.Class) == BaseClass(b.Class) && a.Name == b.Name && a.GetData().AsSpan().SequenceEqual(b.GetData());

    /// <summary>
    /// RFC 6762 §8.2 tie-breaking order: class (without the cache-flush bit), then type, then the rdata bytes.
    /// </summary>
    public static int Compare(ResourceRecord a, ResourceRecord b)
    {
        var byClass = BaseClass(a.Class).CompareTo(BaseClass(b.Class));
        if (byClass != 0)
        {
            return byClass;
        }
        var byType = ((ushort)a.Type).CompareTo((ushort)b.Type);
        return byType != 0 ? byType : a.GetData().AsSpan().SequenceCompareTo(b.GetData());
    }

    /// <summary>Checks the packet's structure, every owner name and every name inside rdata that Makaretu reads.</summary>
    public static string? Check(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxSize)
        {
            return $"packet of {packet.Length} bytes is larger than {MaxSize}";
        }
        if (packet.Length < 12)
        {
            return $"packet of {packet.Length} bytes is shorter than a DNS header";
        }
        var questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var records = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) + BinaryPrimitives.ReadUInt16BigEndian(packet[8..]) + BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        var position = 12;
        for (var i = 0; i < questions; i++)
        {
            if (CheckName(packet, ref position) is { } bad)
            {
                return $"question {i + 1}: {bad}";
            }
            position += 4;
            if (position > packet.Length)
            {
                return $"question {i + 1} runs past the end of the packet";
            }
        }
        for (var i = 0; i < records; i++)
        {
            if (CheckName(packet, ref position) is { } bad)
            {
                return $"record {i + 1}: {bad}";
            }
            if (position + 10 > packet.Length)
            {
                return $"record {i + 1} runs past the end of the packet";
            }
            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 8)..]);
            position += 10;
            if (position + length > packet.Length)
            {
                return $"record {i + 1} has {length} bytes of data but the packet ends first";
            }
            if (CheckRdataNames(packet, position, type) is { } badData)
            {
                return $"record {i + 1} data: {badData}";
            }
            position += length;
        }
        return null;
    }

    private static string? CheckRdataNames(ReadOnlySpan<byte> packet, int start, ushort type)
    {
        // Offsets of the names Makaretu reads in the rdata of the types it knows (RFC 1035, 1183, 2782, 4034, 2845, 2930).
        int[] offsets = type switch
        {
            2 or 5 or 12 or 39 or 47 or 249 or 250 => [0], // NS, CNAME, PTR, DNAME, NSEC, TKEY, TSIG
            15 or 18 or 36 => [2],                        // MX, AFSDB, KX
            33 => [6],                                    // SRV
            46 => [18],                                   // RRSIG
            6 or 17 => [0, -1],                           // SOA, RP: two names in a row
            _ => [],
        };
        var position = start;
        foreach (var offset in offsets)
        {
            if (offset >= 0)
            {
                position = start + offset;
            }
            if (CheckName(packet, ref position) is { } bad)
            {
                return bad;
            }
        }
        return null;
    }

    /// <summary>Walks one name: labels of at most 63 bytes, pointers only backwards, at most 255 bytes in all.</summary>
    private static string? CheckName(ReadOnlySpan<byte> packet, ref int position)
    {
        var length = 0;
        var cursor = position;
        var jumped = false;
        var lowest = position;
        for (var hops = 0; hops <= MaxNameLength; hops++)
        {
            if (cursor >= packet.Length)
            {
                return "name runs past the end of the packet";
            }
            var b = packet[cursor];
            if ((b & 0xC0) == 0xC0)
            {
                if (cursor + 1 >= packet.Length)
                {
                    return "compression pointer runs past the end of the packet";
                }
                var target = ((b & 0x3F) << 8) | packet[cursor + 1];
                if (target >= lowest)
                {
                    return $"compression pointer to {target} does not point backwards";
                }
                if (!jumped)
                {
                    position = cursor + 2;
                    jumped = true;
                }
                lowest = target;
                cursor = target;
                continue;
            }
            if ((b & 0xC0) != 0)
            {
                return $"label type 0x{b & 0xC0:x2} is not supported";
            }
            if (b == 0)
            {
                if (!jumped)
                {
                    position = cursor + 1;
                }
                return null;
            }
            length += b + 1;
            if (length > MaxNameLength)
            {
                return $"name is longer than {MaxNameLength} bytes";
            }
            cursor += b + 1;
        }
        return "name has too many labels";
    }
}
