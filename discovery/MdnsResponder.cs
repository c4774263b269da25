using Makaretu.Dns;
using Microsoft.Extensions.Logging;

namespace PiController.Discovery;

/// <summary>
/// Announces one DNS-SD service by the rules of RFC 6762: probe the names three times 250 ms apart (after a
/// random 0-250 ms), rename on conflict and defer on a lost simultaneous-probe tie-break; announce twice one second
/// apart; answer queries (known-answer suppression, 20-120 ms delay for shared records, unicast for QU and legacy
/// queriers, at most one multicast of a record per second per interface); re-announce on change; say goodbye
/// (TTL 0) when stopped.
/// </summary>
public sealed class MdnsResponder(MulticastTransport transport, ServiceProfile profile, TimeProvider time, ILogger logger) : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private const int InstanceConflict = 1;
    private const int HostConflict = 2;

    private readonly Lock _gate = new();
    private readonly Dictionary<(int Interface, DnsType Type, string Name), long> _lastMulticast = [];
    private readonly SemaphoreSlim _wake = new(0);
    private bool _announced;
    private int _conflict;
    private bool _lostTiebreak;
    private bool _reprobe;
    private bool _reannounce;
    private CancellationToken _stopping;

    /// <summary>Raised once the first announcement has gone out (and after each rename's).</summary>
    public event Action<string>? Announced;

    public string Instance
    {
        get
        {
            lock (_gate)
            {
                return profile.Instance;
            }
        }
    }

    /// <summary>Replaces the TXT strings and announces them again (RFC 6762 §8.4).</summary>
    public void UpdateTxt(IReadOnlyList<string> txt)
    {
        lock (_gate)
        {
            if (profile.Txt.SequenceEqual(txt))
            {
                return;
            }
            profile.Txt = txt;
            _reannounce = true;
        }
        _wake.Release();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        transport.Received += OnReceived;
        transport.InterfacesChanged += OnInterfacesChanged;
        try
        {
            await ProbeAsync(cancellationToken).ConfigureAwait(false);
            await AnnounceAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                bool reprobe, reannounce;
                lock (_gate)
                {
                    (reprobe, reannounce) = (_reprobe, _reannounce);
                    (_reprobe, _reannounce) = (false, false);
                    if (reprobe)
                    {
                        _announced = false;
                    }
                }
                if (reprobe)
                {
                    await ProbeAsync(cancellationToken).ConfigureAwait(false);
                }
                if (reprobe || reannounce)
                {
                    await AnnounceAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: goodbye below.
        }
        finally
        {
            transport.Received -= OnReceived;
            transport.InterfacesChanged -= OnInterfacesChanged;
            bool announced;
            lock (_gate)
            {
                announced = _announced;
            }
            if (announced)
            {
                SayGoodbye();
            }
        }
    }

    /// <summary>
    /// RFC 6762 §10.1: every record we announced, again with TTL 0, on every interface, so that peers drop them at
    /// once instead of keeping them for their TTL (75 minutes for the PTR). Sent before the transport is closed;
    /// a goodbye that could not go out is a warning, since peers will list this service until the records expire.
    /// </summary>
    private void SayGoodbye()
    {
        var failed = new List<string>();
        var interfaces = transport.Interfaces;
        foreach (var nic in interfaces)
        {
            if (!transport.Send(MdnsAnswers.Response(RecordsFor(nic, goodbye: true)), nic))
            {
                failed.Add(nic.Name);
            }
        }
        if (failed.Count == 0)
        {
            logger.LogInformation("mDNS: said goodbye for {Instance} on {Interfaces}", Instance, string.Join(", ", interfaces.Select(n => n.Name)));
        }
        else
        {
            logger.LogWarning("mDNS: could not say goodbye for {Instance} on {Interfaces}; peers there list it until its records expire (up to {Ttl})",
                Instance, string.Join(", ", failed), MdnsSchema.OtherRecordTtl);
        }
    }

    private List<ResourceRecord> RecordsFor(MdnsInterface nic, bool goodbye = false)
    {
        lock (_gate)
        {
            return profile.Records(nic, goodbye);
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var recentConflicts = new Queue<long>();
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), time, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                (_conflict, _lostTiebreak) = (0, false);
            }
            for (var i = 0; i < 3 && !Troubled(); i++)
            {
                SendProbe(unicastResponse: i == 0);
                await Task.Delay(ProbeInterval, time, cancellationToken).ConfigureAwait(false);
            }
            int conflict;
            bool lost;
            lock (_gate)
            {
                (conflict, lost) = (_conflict, _lostTiebreak);
                if (conflict != 0)
                {
                    var (oldInstance, oldHost) = (profile.Instance, profile.HostLabel);
                    if ((conflict & InstanceConflict) != 0)
                    {
                        profile.Instance = MdnsSchema.NextInstanceLabel(profile.Instance);
                    }
                    if ((conflict & HostConflict) != 0)
                    {
                        profile.HostLabel = MdnsSchema.NextHostLabel(profile.HostLabel);
                    }
                    logger.LogWarning("mDNS: another host uses {OldInstance} / {OldHost}.local; now {Instance} / {Host}.local",
                        oldInstance, oldHost, profile.Instance, profile.HostLabel);
                }
            }
            if (conflict != 0)
            {
                // RFC 6762 §8.1: after 15 conflicts within 10 s, wait 5 s before probing again.
                var now = time.GetTimestamp();
                recentConflicts.Enqueue(now);
                while (recentConflicts.Count > 0 && time.GetElapsedTime(recentConflicts.Peek(), now) > TimeSpan.FromSeconds(10))
                {
                    recentConflicts.Dequeue();
                }
                if (recentConflicts.Count >= 15)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            if (lost)
            {
                // RFC 6762 §8.2: the loser of a simultaneous probe waits one second and probes again.
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return;
        }
    }

    private bool Troubled()
    {
        lock (_gate)
        {
            return _conflict != 0 || _lostTiebreak;
        }
    }

    private void SendProbe(bool unicastResponse)
    {
        foreach (var nic in transport.Interfaces)
        {
            var probe = new Message();
            DomainName instance, host;
            List<ResourceRecord> claims;
            lock (_gate)
            {
                (instance, host) = (profile.InstanceName, profile.HostName);
                claims = [.. profile.Claims(nic, instance), .. profile.Claims(nic, host)];
            }
            probe.Questions.Add(new Question { Name = instance, Type = DnsType.ANY, Class = MdnsPacket.InternetClass(unicastResponse) });
            probe.Questions.Add(new Question { Name = host, Type = DnsType.ANY, Class = MdnsPacket.InternetClass(unicastResponse) });
            probe.AuthorityRecords.AddRange(claims);
            transport.Send(probe, nic);
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < 2; round++)
        {
            foreach (var nic in transport.Interfaces)
            {
                var records = RecordsFor(nic);
                transport.Send(MdnsAnswers.Response(records), nic);
                NoteMulticast(nic, records);
            }
            if (round == 0)
            {
                string instance;
                lock (_gate)
                {
                    _announced = true;
                    instance = profile.Instance;
                }
                logger.LogInformation("mDNS: announced {Instance} ({Service}) on {Interfaces}", instance, profile.ServiceType,
                    string.Join(", ", transport.Interfaces.Select(n => $"{n.Name} {n.Address}")));
                Announced?.Invoke(instance);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnInterfacesChanged()
    {
        lock (_gate)
        {
            _reannounce = true;
        }
        _wake.Release();
    }

    private void OnReceived(MdnsDatagram datagram)
    {
        var message = datagram.Message;
        if (message.QR)
        {
            CheckConflict(message);
            return;
        }
        bool announced;
        lock (_gate)
        {
            announced = _announced;
        }
        if (!announced)
        {
            CheckTiebreak(datagram);
            return;
        }
        var reply = MdnsAnswers.Answer(message, RecordsFor(datagram.Interface));
        if (reply is null)
        {
            return;
        }
        if (datagram.Source.Port != MulticastTransport.Port)
        {
            transport.Send(MdnsAnswers.Legacy(message, reply), datagram.Interface, datagram.Source);
            return;
        }
        var delay = reply.Shared ? Random.Shared.Next(20, 121) : 0;
        if (message.TC)
        {
            delay += Random.Shared.Next(400, 501);
        }
        var probe = message.AuthorityRecords.Count > 0;
        _ = SendReplyAsync(reply, datagram, TimeSpan.FromMilliseconds(delay), probe);
    }

    private async Task SendReplyAsync(MdnsReply reply, MdnsDatagram datagram, TimeSpan delay, bool probe)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, _stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (reply.Unicast)
        {
            transport.Send(MdnsAnswers.Response(reply.Answers, reply.Additional), datagram.Interface, datagram.Source);
            return;
        }
        var answers = FilterRecent(datagram.Interface, reply.Answers, probe ? ProbeInterval : TimeSpan.FromSeconds(1));
        if (answers.Count > 0)
        {
            transport.Send(MdnsAnswers.Response(answers, reply.Additional), datagram.Interface);
            NoteMulticast(datagram.Interface, answers);
        }
    }

    private List<ResourceRecord> FilterRecent(MdnsInterface nic, List<ResourceRecord> records, TimeSpan interval)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            return records.Where(r => !_lastMulticast.TryGetValue(Key(nic, r), out var last) || time.GetElapsedTime(last, now) >= interval).ToList();
        }
    }

    private void NoteMulticast(MdnsInterface nic, List<ResourceRecord> records)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            foreach (var record in records)
            {
                _lastMulticast[Key(nic, record)] = now;
            }
        }
    }

    private static (int, DnsType, string) Key(MdnsInterface nic, ResourceRecord record) =>
        (nic.Index, record.Type, record.Name.ToString().ToLowerInvariant() + "|" + Convert.ToHexString(record.GetData()));

    /// <summary>RFC 6762 §9: a response holding a record of our unique names with other data is a conflict.</summary>
    private void CheckConflict(Message response)
    {
        var ours = transport.Interfaces.SelectMany(n => RecordsFor(n)).ToList();
        var conflict = 0;
        DomainName instance, host;
        lock (_gate)
        {
            (instance, host) = (profile.InstanceName, profile.HostName);
        }
        foreach (var record in response.Answers.Concat(response.AdditionalRecords))
        {
            if (record.TTL == TimeSpan.Zero || ours.Any(o => MdnsPacket.SameRecord(o, record)))
            {
                continue;
            }
            if (record.Name == instance && record.Type is DnsType.SRV or DnsType.TXT)
            {
                conflict |= InstanceConflict;
            }
            else if (record.Name == host && record.Type is DnsType.A)
            {
                conflict |= HostConflict;
            }
        }
        if (conflict == 0)
        {
            return;
        }
        bool wake;
        lock (_gate)
        {
            _conflict |= conflict;
            wake = _announced;
            if (_announced)
            {
                // RFC 6762 §9: a conflict after announcing sends the host back to probing.
                _reprobe = true;
            }
        }
        if (wake)
        {
            logger.LogWarning("mDNS: conflict for {Instance} after announcing; probing again", Instance);
            _wake.Release();
        }
    }

    /// <summary>RFC 6762 §8.2: a simultaneous probe for our name; the lexicographically later record set wins.</summary>
    private void CheckTiebreak(MdnsDatagram datagram)
    {
        if (datagram.Message.AuthorityRecords.Count == 0)
        {
            return;
        }
        foreach (var name in Names())
        {
            var theirs = datagram.Message.AuthorityRecords.Where(r => r.Name == name).ToList();
            if (theirs.Count == 0)
            {
                continue;
            }
            var lost = false;
            var ourSets = transport.Interfaces.Select(n => { lock (_gate) { return profile.Claims(n, name); } }).ToList();
            if (ourSets.Any(set => Tiebreak(set, theirs) == 0))
            {
                continue; // Our own probe, looped back (or an identical twin, which RFC 6762 §8.2 does not count).
            }
            if (ourSets.Count > 0 && Tiebreak(ourSets[0], theirs) < 0)
            {
                lost = true;
            }
            if (lost)
            {
                lock (_gate)
                {
                    _lostTiebreak = true;
                }
                logger.LogDebug("mDNS: lost the probe tie-break for {Name} to {Source}", name, datagram.Source);
            }
        }
    }

    private DomainName[] Names()
    {
        lock (_gate)
        {
            return [profile.InstanceName, profile.HostName];
        }
    }

    /// <summary>Compares two record sets in the order of RFC 6762 §8.2; negative when ours loses.</summary>
    public static int Tiebreak(IEnumerable<ResourceRecord> ours, IEnumerable<ResourceRecord> theirs)
    {
        var a = ours.Order(Comparer<ResourceRecord>.Create(MdnsPacket.Compare)).ToList();
        var b = theirs.Order(Comparer<ResourceRecord>.Create(MdnsPacket.Compare)).ToList();
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = MdnsPacket.Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Count.CompareTo(b.Count);
    }

    public void Dispose() => _wake.Dispose();
}
