using System.Net;
using Makaretu.Dns;
using PiController.Discovery;

namespace PiController.Agent.Tests.Discovery;

/// <summary>Whatever arrives on port 5353 is read without a crash and without allocating more than a packet's worth.</summary>
public sealed class MdnsPacketFuzzTests
{
    private static readonly MdnsInterface Eth0 = new(2, "eth0", IPAddress.Parse("10.77.0.2"), 24);

    private static byte[] Announcement()
    {
        var profile = new ServiceProfile(MdnsSchema.AgentService, "10000000fuzz", "pi-agent-10000000fuzz", 0,
            ["txtvers=1", "id=10000000fuzz", "model=Raspberry Pi 4 Model B Rev 1.5", "arch=linux-arm64", "ver=0.1.0", "enrolled=no"]);
        return MdnsPacket.Write(MdnsAnswers.Response(profile.Records(Eth0)));
    }

    /// <summary>Reads a packet; fails the test on an exception and returns the bytes allocated.</summary>
    private static long Read(byte[] packet)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = MdnsPacket.TryRead(packet, out var error);
        Assert.True(message is not null || error is not null);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Our_announcement_reads_back_with_cache_flush_only_on_unique_records()
    {
        var message = MdnsPacket.TryRead(Announcement(), out var error);
        Assert.Null(error);
        Assert.True(message!.QR);
        Assert.Equal(5, message.Answers.Count);
        Assert.All(message.Answers.OfType<PTRRecord>(), r => Assert.False(MdnsPacket.IsCacheFlush(r)));
        Assert.All(message.Answers.Where(r => r.Type is DnsType.SRV or DnsType.TXT or DnsType.A), r => Assert.True(MdnsPacket.IsCacheFlush(r)));
        var txt = message.Answers.OfType<TXTRecord>().Single();
        Assert.Equal("10000000fuzz", MdnsService.ParseTxt(txt.Strings)["id"]);
        Assert.Equal(TimeSpan.FromSeconds(120), message.Answers.OfType<SRVRecord>().Single().TTL);
    }

    [Fact]
    public void Random_packets_are_refused_without_a_crash()
    {
        var random = new Random(6762);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[random.Next(0, 1500)];
            random.NextBytes(packet);
            Assert.True(Read(packet) < 1 << 20);
        }
    }

    [Fact]
    public void Every_truncation_and_every_single_byte_change_of_a_real_packet_is_read_or_refused()
    {
        var packet = Announcement();
        for (var length = 0; length < packet.Length; length++)
        {
            Read(packet[..length]);
        }
        var random = new Random(6763);
        for (var i = 0; i < packet.Length * 8; i++)
        {
            var mutated = (byte[])packet.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            Assert.True(Read(mutated) < 1 << 20);
        }
    }

    [Fact]
    public void An_oversized_packet_is_refused_before_it_is_parsed()
    {
        var packet = new byte[MdnsPacket.MaxSize + 1];
        Assert.Null(MdnsPacket.TryRead(packet, out var error));
        Assert.Contains("larger than 9000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_thousands_of_labels_is_refused_without_a_large_allocation()
    {
        // Header with one question, then 4,400 one-byte labels: legal for the parser, not for DNS (255 bytes at most).
        var packet = new byte[12 + 4400 * 2 + 1 + 4];
        packet[5] = 1;
        for (var i = 0; i < 4400; i++)
        {
            packet[12 + i * 2] = 1;
            packet[13 + i * 2] = (byte)'a';
        }
        Assert.True(Read(packet) < 64 * 1024);
        Assert.Contains("longer than 255 bytes", MdnsPacket.Check(packet), StringComparison.Ordinal);
    }

    [Fact]
    public void Compression_pointer_loops_and_forward_pointers_are_refused()
    {
        // One question whose name is a pointer to itself (offset 12), and one pointing forward.
        byte[] self = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 12, 0, 1];
        byte[] forward = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 20, 0, 12, 0, 1, 0, 0, 0];
        Assert.Contains("does not point backwards", MdnsPacket.Check(self), StringComparison.Ordinal);
        Assert.Contains("does not point backwards", MdnsPacket.Check(forward), StringComparison.Ordinal);
        Read(self);
        Read(forward);
    }

    [Fact]
    public void Record_counts_larger_than_the_packet_are_refused()
    {
        var packet = Announcement();
        packet[6] = 0xFF;
        packet[7] = 0xFF;
        Assert.Null(MdnsPacket.TryRead(packet, out var error));
        Assert.Contains("past the end", error, StringComparison.Ordinal);
    }
}
