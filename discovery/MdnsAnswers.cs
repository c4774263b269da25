using Makaretu.Dns;

namespace PiController.Discovery;

/// <summary>What to send in answer to one query (RFC 6762 §6, §7.1; RFC 6763 §12).</summary>
public sealed record MdnsReply(List<ResourceRecord> Answers, List<ResourceRecord> Additional, bool Unicast, bool Shared);

/// <summary>Answers queries from a responder's own records; pure, so the rules can be tested without a network.</summary>
public static class MdnsAnswers
{
    /// <summary>
    /// The records of <paramref name="ours"/> that answer <paramref name="query"/>, minus those the querier listed as
    /// known answers with at least half their TTL left, plus the additional records DNS-SD recommends.
    /// Null when nothing is to be sent.
    /// </summary>
    public static MdnsReply? Answer(Message query, IReadOnlyList<ResourceRecord> ours)
    {
        if (query.QR || query.Opcode != MessageOperation.Query || query.Questions.Count == 0)
        {
            return null;
        }
        var answers = new List<ResourceRecord>();
        var unicast = true;
        foreach (var question in query.Questions)
        {
            unicast &= ((ushort)question.Class & 0x8000) != 0;
            foreach (var record in ours)
            {
                if (Answers(question, record) && !answers.Any(a => MdnsPacket.SameRecord(a, record)) && !IsKnown(query, record))
                {
                    answers.Add(record);
                }
            }
        }
        if (answers.Count == 0)
        {
            return null;
        }
        var additional = new List<ResourceRecord>();
        void Add(ResourceRecord record)
        {
            if (!answers.Concat(additional).Any(a => MdnsPacket.SameRecord(a, record)) && !IsKnown(query, record))
            {
                additional.Add(record);
            }
        }
        foreach (var answer in answers.ToList())
        {
            if (answer is PTRRecord ptr)
            {
                foreach (var record in ours.Where(r => r.Name == ptr.DomainName && r.Type is DnsType.SRV or DnsType.TXT))
                {
                    Add(record);
                }
            }
        }
        foreach (var srv in answers.Concat(additional).OfType<SRVRecord>().ToList())
        {
            foreach (var record in ours.Where(r => r.Name == srv.Target && r.Type == DnsType.A))
            {
                Add(record);
            }
        }
        return new MdnsReply(answers, additional, unicast, answers.Any(a => !MdnsPacket.IsCacheFlush(a)));
    }

    /// <summary>RFC 6762 §6: name equal, type equal unless ANY, class equal unless ANY (top bits aside).</summary>
    public static bool Answers(Question question, ResourceRecord record) =>
        question.Name == record.Name
        && (question.Type == DnsType.ANY || question.Type == record.Type)
        && (MdnsPacket.BaseClass(question.Class) is 255 || MdnsPacket.BaseClass(question.Class) == MdnsPacket.BaseClass(record.Class));

    private static bool IsKnown(Message query, ResourceRecord record) =>
        query.Answers.Any(known => MdnsPacket.SameRecord(known, record) && known.TTL.TotalSeconds * 2 >= record.TTL.TotalSeconds);

    /// <summary>A response message: id 0, authoritative, no questions (RFC 6762 §18).</summary>
    public static Message Response(IEnumerable<ResourceRecord> answers, IEnumerable<ResourceRecord>? additional = null)
    {
        var message = new Message { QR = true, AA = true };
        message.Answers.AddRange(answers);
        if (additional is not null)
        {
            message.AdditionalRecords.AddRange(additional);
        }
        return message;
    }

    /// <summary>
    /// A reply to a legacy resolver (source port not 5353, RFC 6762 §6.7): its id and questions echoed, TTLs at
    /// most 10 s, no cache-flush bits.
    /// </summary>
    public static Message Legacy(Message query, MdnsReply reply)
    {
        var message = new Message { Id = query.Id, QR = true, AA = true };
        message.Questions.AddRange(query.Questions);
        message.Answers.AddRange(reply.Answers.Select(Legacy));
        message.AdditionalRecords.AddRange(reply.Additional.Select(Legacy));
        return message;
    }

    private static ResourceRecord Legacy(ResourceRecord record)
    {
        // A copy by hand: DnsObject.Clone goes through reflection, which the NativeAOT agent avoids.
        ResourceRecord copy = record switch
        {
            PTRRecord ptr => new PTRRecord { DomainName = ptr.DomainName },
            SRVRecord srv => new SRVRecord { Target = srv.Target, Port = srv.Port, Priority = srv.Priority, Weight = srv.Weight },
            TXTRecord txt => new TXTRecord { Strings = [.. txt.Strings] },
            ARecord a => new ARecord { Address = a.Address },
            _ => new UnknownRecord { Type = record.Type, Data = record.GetData() },
        };
        copy.Name = record.Name;
        copy.Class = MdnsPacket.InternetClass(false);
        copy.TTL = record.TTL > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : record.TTL;
        return copy;
    }
}
