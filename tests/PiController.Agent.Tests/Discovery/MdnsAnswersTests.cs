using System.Net;
using Makaretu.Dns;
using PiController.Agent.Discovery;
using PiController.Discovery;

namespace PiController.Agent.Tests.Discovery;

/// <summary>The answering rules of RFC 6762 and RFC 6763, without a network.</summary>
public sealed class MdnsAnswersTests
{
    private static readonly MdnsInterface Eth0 = new(2, "eth0", IPAddress.Parse("10.77.0.2"), 24);
    private static readonly ServiceProfile Agent = new(MdnsSchema.AgentService, "node-1", "pi-agent-node-1", 0, new AgentAdvert("node-1", "Raspberry Pi 5", "linux-arm64", "0.1.0", false).Txt());

    private static Message Query(string name, DnsType type, bool unicast = false)
    {
        var query = new Message();
        query.Questions.Add(new Question { Name = name, Type = type, Class = MdnsPacket.InternetClass(unicast) });
        return query;
    }

    [Fact]
    public void A_browse_is_answered_with_the_PTR_and_SRV_TXT_A_as_additional_records()
    {
        var reply = MdnsAnswers.Answer(Query("_pi-agent._tcp.local", DnsType.PTR), Agent.Records(Eth0))!;
        var ptr = Assert.IsType<PTRRecord>(Assert.Single(reply.Answers));
        Assert.Equal("node-1._pi-agent._tcp.local", ptr.DomainName.ToString());
        Assert.Equal([DnsType.SRV, DnsType.TXT, DnsType.A], reply.Additional.Select(r => r.Type));
        Assert.True(reply.Shared);
        Assert.False(reply.Unicast);
        Assert.Equal(IPAddress.Parse("10.77.0.2"), reply.Additional.OfType<ARecord>().Single().Address);
    }

    [Fact]
    public void A_known_answer_with_more_than_half_its_TTL_suppresses_the_answer()
    {
        var query = Query("_pi-agent._tcp.local", DnsType.PTR);
        var ptr = Agent.Records(Eth0).OfType<PTRRecord>().First();
        query.Answers.Add(new PTRRecord { Name = ptr.Name, DomainName = ptr.DomainName, TTL = TimeSpan.FromMinutes(40) });
        Assert.Null(MdnsAnswers.Answer(query, Agent.Records(Eth0)));

        query.Answers[0].TTL = TimeSpan.FromMinutes(30);
        Assert.NotNull(MdnsAnswers.Answer(query, Agent.Records(Eth0)));
    }

    [Fact]
    public void A_QU_question_for_the_host_is_answered_by_unicast_and_at_once()
    {
        var reply = MdnsAnswers.Answer(Query("pi-agent-node-1.local", DnsType.A, unicast: true), Agent.Records(Eth0))!;
        Assert.True(reply.Unicast);
        Assert.False(reply.Shared);
        Assert.IsType<ARecord>(Assert.Single(reply.Answers));
    }

    [Fact]
    public void Questions_for_other_names_types_or_responses_are_not_answered()
    {
        Assert.Null(MdnsAnswers.Answer(Query("_ssh._tcp.local", DnsType.PTR), Agent.Records(Eth0)));
        Assert.Null(MdnsAnswers.Answer(Query("pi-agent-node-1.local", DnsType.AAAA), Agent.Records(Eth0)));
        var response = Query("_pi-agent._tcp.local", DnsType.PTR);
        response.QR = true;
        Assert.Null(MdnsAnswers.Answer(response, Agent.Records(Eth0)));
        Assert.Equal(2, MdnsAnswers.Answer(Query("node-1._pi-agent._tcp.local", DnsType.ANY), Agent.Records(Eth0))!.Answers.Count);
    }

    [Fact]
    public void A_legacy_querier_gets_its_id_and_question_back_and_short_TTLs_without_cache_flush()
    {
        var query = Query("pi-agent-node-1.local", DnsType.A);
        query.Id = 4242;
        var legacy = MdnsAnswers.Legacy(query, MdnsAnswers.Answer(query, Agent.Records(Eth0))!);
        Assert.Equal(4242, legacy.Id);
        Assert.Single(legacy.Questions);
        var a = Assert.Single(legacy.Answers);
        Assert.Equal(TimeSpan.FromSeconds(10), a.TTL);
        Assert.False(MdnsPacket.IsCacheFlush(a));
    }

    [Fact]
    public void The_lexicographically_later_record_set_wins_a_simultaneous_probe()
    {
        var ours = Agent.Claims(Eth0, Agent.HostName);
        var theirs = new ServiceProfile(MdnsSchema.AgentService, "node-1", "pi-agent-node-1", 0, []).Claims(new MdnsInterface(2, "eth0", IPAddress.Parse("10.77.0.9"), 24), Agent.HostName);
        Assert.True(MdnsResponder.Tiebreak(ours, theirs) < 0);
        Assert.True(MdnsResponder.Tiebreak(theirs, ours) > 0);
        Assert.Equal(0, MdnsResponder.Tiebreak(ours, Agent.Claims(Eth0, Agent.HostName)));
    }

    [Fact]
    public void Conflicting_names_are_renamed_as_RFC_6763_suggests()
    {
        Assert.Equal("node-1 (2)", MdnsSchema.NextInstanceLabel("node-1"));
        Assert.Equal("node-1 (3)", MdnsSchema.NextInstanceLabel("node-1 (2)"));
        Assert.Equal("pi-agent-node-1-2", MdnsSchema.NextHostLabel("pi-agent-node-1"));
        Assert.Equal("pi-agent-node-1-3", MdnsSchema.NextHostLabel("pi-agent-node-1-2"));
        Assert.Equal("pi-agent-10000000abc-def", MdnsSchema.HostLabel("pi-agent", "10000000ABC_def"));
    }

    [Fact]
    public void The_agent_picks_only_a_hub_whose_announced_CA_is_the_pinned_one()
    {
        var pin = new string('c', 64);
        var hub = new MdnsService("pi-controller on hub", MdnsSchema.HubService, "pi-controller-hub.local", 8443, [IPAddress.Parse("10.77.0.1")],
            MdnsService.ParseTxt(["txtvers=1", $"ca={pin}", "ver=0.1.0"]), "eth0");
        Assert.Equal(new Uri("https://10.77.0.1:8443"), HubFinder.Choose(hub, pin));
        Assert.Null(HubFinder.Choose(hub, new string('d', 64)));
        Assert.Null(HubFinder.Choose(hub with { Txt = MdnsService.ParseTxt(["txtvers=1"]) }, pin));
    }
}
