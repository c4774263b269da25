using System.Net;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;
using PiController.Protocol.Text;

namespace PiController.Discovery;

/// <summary>
/// Browses one service type (RFC 6763 §4, RFC 6762 §5.2): PTR queries at 1, 2, 4 ... s up to an hour, with known
/// answers; SRV, TXT and A looked up for instances that arrive without them; records kept for their TTL (a TTL of
/// 0 is a goodbye, removed after one second); cache-flush honoured; refresh queries from 80 % of a PTR's TTL.
/// Unsolicited announcements are taken too, so a new service is seen as soon as it announces.
/// </summary>
public sealed class MdnsBrowser(MulticastTransport transport, string serviceType, TimeProvider time, ILogger logger) : IDisposable
{
    private const int MaxInstances = 4096;
    private const int MaxHosts = 4096;
    private static readonly TimeSpan MaxQueryInterval = TimeSpan.FromHours(1);

    private readonly DomainName _serviceName = new($"{serviceType}.{MdnsSchema.Domain}");
    private readonly Lock _gate = new();
    private readonly Dictionary<DomainName, Instance> _instances = [];
    private readonly Dictionary<DomainName, Dictionary<IPAddress, (long Received, DateTimeOffset Expires)>> _hosts = [];
    private readonly SemaphoreSlim _wake = new(0);
    private bool _restartQueries;

    /// <summary>A service was resolved, or its address, port or TXT changed.</summary>
    public event Action<MdnsService>? Found;

    /// <summary>A service said goodbye or its records expired.</summary>
    public event Action<MdnsService>? Lost;

    public IReadOnlyList<MdnsService> Services
    {
        get
        {
            lock (_gate)
            {
                return _instances.Values.Select(i => i.Reported).OfType<MdnsService>().ToList();
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        transport.Received += OnReceived;
        transport.InterfacesChanged += OnInterfacesChanged;
        try
        {
            var interval = TimeSpan.FromSeconds(1);
            var nextQuery = time.GetUtcNow() + TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121));
            while (true)
            {
                var now = time.GetUtcNow();
                lock (_gate)
                {
                    if (_restartQueries)
                    {
                        (_restartQueries, interval, nextQuery) = (false, TimeSpan.FromSeconds(1), now);
                    }
                }
                if (now >= nextQuery || NeedsRefresh(now))
                {
                    SendQuery(now);
                    nextQuery = now + interval;
                    interval = interval * 2 > MaxQueryInterval ? MaxQueryInterval : interval * 2;
                }
                Resolve(now);
                Expire(now);
                var wait = nextQuery - time.GetUtcNow();
                wait = wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : wait;
                await _wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            transport.Received -= OnReceived;
            transport.InterfacesChanged -= OnInterfacesChanged;
        }
    }

    private void OnInterfacesChanged()
    {
        lock (_gate)
        {
            _restartQueries = true;
        }
        _wake.Release();
    }

    private void SendQuery(DateTimeOffset now)
    {
        foreach (var nic in transport.Interfaces)
        {
            var query = new Message();
            query.Questions.Add(new Question { Name = _serviceName, Type = DnsType.PTR, Class = MdnsPacket.InternetClass(false) });
            lock (_gate)
            {
                foreach (var (name, instance) in _instances)
                {
                    // Known-answer suppression (RFC 6762 §7.1): only answers with more than half their TTL left.
                    if (instance.PtrExpires is { } expires && instance.PtrTtl > TimeSpan.Zero && expires - now > instance.PtrTtl / 2)
                    {
                        query.Answers.Add(new PTRRecord { Name = _serviceName, DomainName = name, TTL = expires - now, Class = MdnsPacket.InternetClass(false) });
                    }
                    instance.LastRefresh = now;
                }
            }
            transport.Send(query, nic);
        }
    }

    private bool NeedsRefresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            // RFC 6762 §5.2: query again at about 80 %, 85 %, 90 % and 95 % of a record's lifetime.
            return _instances.Values.Any(i => i.PtrExpires is { } expires && i.PtrTtl > TimeSpan.Zero && now >= expires - i.PtrTtl * 0.2
                                              && now - i.LastRefresh >= i.PtrTtl * 0.05);
        }
    }

    /// <summary>
    /// Asks for what an instance still lacks: SRV and TXT, then the target's address (three tries); and, for a
    /// resolved one, SRV and address again from 80 % of their TTL, so that a host that vanished without a goodbye
    /// is noticed when they expire (RFC 6762 §5.2).
    /// </summary>
    private void Resolve(DateTimeOffset now)
    {
        var questions = new List<Question>();
        lock (_gate)
        {
            foreach (var (name, instance) in _instances)
            {
                if (instance.Reported is not null && instance.Srv is { } held && held.Ttl > TimeSpan.Zero
                    && now >= held.Expires - held.Ttl * 0.2 && now - instance.LastResolve >= held.Ttl * 0.05)
                {
                    questions.Add(new Question { Name = name, Type = DnsType.SRV, Class = MdnsPacket.InternetClass(false) });
                    questions.Add(new Question { Name = held.Target, Type = DnsType.A, Class = MdnsPacket.InternetClass(false) });
                    instance.LastResolve = now;
                    continue;
                }
                if (instance.Reported is not null || instance.ResolveAttempts >= 3 || now - instance.LastResolve < TimeSpan.FromSeconds(1))
                {
                    continue;
                }
                if (instance.Srv is null)
                {
                    questions.Add(new Question { Name = name, Type = DnsType.SRV, Class = MdnsPacket.InternetClass(false) });
                }
                if (instance.Txt is null)
                {
                    questions.Add(new Question { Name = name, Type = DnsType.TXT, Class = MdnsPacket.InternetClass(false) });
                }
                if (instance.Srv is { } srv && !_hosts.ContainsKey(srv.Target))
                {
                    questions.Add(new Question { Name = srv.Target, Type = DnsType.A, Class = MdnsPacket.InternetClass(false) });
                }
                instance.ResolveAttempts++;
                instance.LastResolve = now;
            }
        }
        if (questions.Count == 0)
        {
            return;
        }
        foreach (var nic in transport.Interfaces)
        {
            var query = new Message();
            query.Questions.AddRange(questions);
            transport.Send(query, nic);
        }
    }

    private void OnReceived(MdnsDatagram datagram)
    {
        var message = datagram.Message;
        if (!message.QR)
        {
            return;
        }
        var now = time.GetUtcNow();
        var stamp = time.GetTimestamp();
        var records = message.Answers.Concat(message.AdditionalRecords).ToList();
        lock (_gate)
        {
            foreach (var record in records)
            {
                var expires = now + (record.TTL == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : record.TTL);
                switch (record)
                {
                    case PTRRecord ptr when ptr.Name == _serviceName:
                        if (Get(ptr.DomainName, datagram.Interface, create: record.TTL > TimeSpan.Zero) is { } found)
                        {
                            (found.PtrExpires, found.PtrTtl) = (expires, record.TTL);
                            found.ResolveAttempts = record.TTL > TimeSpan.Zero ? 0 : found.ResolveAttempts;
                        }
                        break;
                    case SRVRecord srv when srv.Name.Parent() == _serviceName:
                        if (Get(srv.Name, datagram.Interface, create: record.TTL > TimeSpan.Zero) is { } withSrv)
                        {
                            withSrv.Srv = (srv.Target, srv.Port, expires, record.TTL);
                        }
                        break;
                    case TXTRecord txt when txt.Name.Parent() == _serviceName:
                        if (Get(txt.Name, datagram.Interface, create: record.TTL > TimeSpan.Zero) is { } withTxt)
                        {
                            withTxt.Txt = (txt.Strings.ToList(), expires);
                        }
                        break;
                }
            }
            foreach (var group in records.OfType<ARecord>().GroupBy(a => a.Name))
            {
                if (!_hosts.TryGetValue(group.Key, out var addresses))
                {
                    if (_hosts.Count >= MaxHosts || !_instances.Values.Any(i => i.Srv?.Target == group.Key))
                    {
                        continue;
                    }
                    _hosts[group.Key] = addresses = [];
                }
                if (group.Any(MdnsPacket.IsCacheFlush))
                {
                    // RFC 6762 §10.2: other addresses of this name received more than a second ago are flushed.
                    foreach (var stale in addresses.Where(kv => time.GetElapsedTime(kv.Value.Received, stamp) > TimeSpan.FromSeconds(1)
                                                                && group.All(a => !a.Address.Equals(kv.Key))).ToList())
                    {
                        addresses[stale.Key] = (stale.Value.Received, now + TimeSpan.FromSeconds(1));
                    }
                }
                foreach (var a in group)
                {
                    addresses[a.Address] = (stamp, now + (a.TTL == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : a.TTL));
                }
            }
        }
        Expire(now);
    }

    private Instance? Get(DomainName name, MdnsInterface nic, bool create)
    {
        if (_instances.TryGetValue(name, out var instance))
        {
            instance.InterfaceName = nic.Name;
            return instance;
        }
        if (!create || _instances.Count >= MaxInstances)
        {
            return null;
        }
        return _instances[name] = new Instance { InterfaceName = nic.Name };
    }

    /// <summary>Drops what has expired and reports what changed, outside the lock.</summary>
    private void Expire(DateTimeOffset now)
    {
        var found = new List<MdnsService>();
        var lost = new List<MdnsService>();
        lock (_gate)
        {
            foreach (var host in _hosts.Keys.ToList())
            {
                var addresses = _hosts[host];
                foreach (var gone in addresses.Where(kv => kv.Value.Expires <= now).Select(kv => kv.Key).ToList())
                {
                    addresses.Remove(gone);
                }
                if (addresses.Count == 0)
                {
                    _hosts.Remove(host);
                }
            }
            foreach (var (name, instance) in _instances.ToList())
            {
                if (instance.Srv is { } srv && srv.Expires <= now)
                {
                    instance.Srv = null;
                }
                if (instance.Txt is { } txt && txt.Expires <= now)
                {
                    instance.Txt = null;
                }
                if (instance.PtrExpires is { } ptr && ptr <= now)
                {
                    instance.PtrExpires = null;
                }
                // Only what the service type's PTR still points at is a service; SRV, TXT and an address make it usable.
                var current = instance.PtrExpires is null ? null : Snapshot(name, instance);
                if (current is null)
                {
                    if (instance.Reported is { } before)
                    {
                        lost.Add(before);
                        instance.Reported = null;
                    }
                    if (instance.PtrExpires is null && instance.Srv is null && instance.Txt is null)
                    {
                        _instances.Remove(name);
                    }
                }
                else if (instance.Reported is null || !instance.Reported.SameAs(current))
                {
                    instance.Reported = current;
                    found.Add(current);
                }
            }
        }
        foreach (var service in lost)
        {
            logger.LogDebug("mDNS: {Instance} ({Service}) is gone", PrintableText.Escape(service.Instance), service.ServiceType);
            Lost?.Invoke(service);
        }
        foreach (var service in found)
        {
            logger.LogDebug("mDNS: {Instance} ({Service}) at {Host}:{Port} {Addresses}", PrintableText.Escape(service.Instance), service.ServiceType, PrintableText.Escape(service.Host), service.Port, string.Join(",", service.Addresses));
            Found?.Invoke(service);
        }
    }

    private MdnsService? Snapshot(DomainName name, Instance instance)
    {
        if (instance.Srv is not { } srv || instance.Txt is not { } txt || !_hosts.TryGetValue(srv.Target, out var addresses) || addresses.Count == 0)
        {
            return null;
        }
        return new MdnsService(name.Labels[0], serviceType, srv.Target.ToString(), srv.Port,
            addresses.Keys.OrderBy(MdnsInterface.ToUInt32).ToList(), MdnsService.ParseTxt(txt.Strings), instance.InterfaceName);
    }

    private sealed class Instance
    {
        public DateTimeOffset? PtrExpires;
        public TimeSpan PtrTtl;
        public (DomainName Target, ushort Port, DateTimeOffset Expires, TimeSpan Ttl)? Srv;
        public (List<string> Strings, DateTimeOffset Expires)? Txt;
        public string InterfaceName = "";
        public MdnsService? Reported;
        public DateTimeOffset LastRefresh;
        public DateTimeOffset LastResolve;
        public int ResolveAttempts;
    }

    public void Dispose() => _wake.Dispose();
}
