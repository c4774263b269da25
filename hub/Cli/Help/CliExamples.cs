using System.CommandLine;

namespace PiController.Hub.Cli.Help;

/// <summary>
/// The examples of every verb, keyed by its path ("nodes ls"); the help, the man pages and the help-walk test all read
/// this one table. A test fails when a verb has none, or when an example does not parse as the verb it is listed for.
/// </summary>
internal static class CliExamples
{
    public sealed record Example(string Comment, string Line);

    /// <summary>The path of a command without the program's name: "nodes ls"; "" for the root.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = s.Parents.FirstOrDefault())
        {
            names.Add(c.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    public static IReadOnlyList<Example> For(Command command) => Table.TryGetValue(PathOf(command), out var examples) ? examples : [];

    private static Example E(string comment, string line) => new(comment, "pi-controller " + line);

    private static readonly Dictionary<string, Example[]> Table = new(StringComparer.Ordinal)
    {
        [""] = [E("log in to a hub on another machine; the token is read from standard input", "login https://pi-hub.local:8443"), E("list the nodes", "nodes ls"), E("what a verb does, with examples", "nodes ls --help")],
        ["serve"] = [E("run the hub on the default port, with its data in /var/lib/pi-controller", "serve"), E("run it with another data directory and an extra name in its certificate", "serve --data-dir /srv/pi-controller --tls-san pi-hub.example.org")],
        ["login"] = [E("trust the hub's CA after comparing its fingerprint, then type the API token", "login https://pi-hub.local:8443"), E("from a script: the fingerprint given, the token on standard input", "login https://pi-hub.local:8443 --name home --ca-fingerprint 3f2a9c0e5b7d41f8a6c2e9d0b1f47a3c5e8d2b6f0a9c7e1d4b3a2f5e6c8d9a0b")],
        ["config"] = [E("list the contexts", "config get-contexts"), E("switch to another hub", "config use-context lab")],
        ["config get-contexts"] = [E("list the contexts; * marks the current one", "config get-contexts"), E("the same as JSON", "config get-contexts -o json")],
        ["config use-context"] = [E("make lab the current context", "config use-context lab")],
        ["config current-context"] = [E("print the current context's name", "config current-context")],
        ["config delete-context"] = [E("forget the context lab and its token file", "config delete-context lab")],
        ["config view"] = [E("print the client config", "config view"), E("print another config file", "config view --config ./pi-controller.yaml")],
        ["version"] = [E("this program's version and the hub's", "version"), E("only this program's, no hub needed", "version --client"), E("both as JSON", "version -o json")],
        ["completion"] = [E("load bash completion in this shell", "completion bash"), E("install zsh completion (a directory of $fpath)", "completion zsh"), E("install fish completion", "completion fish")],
        ["nodes"] = [E("list the nodes", "nodes ls"), E("show one node", "nodes get pi-kitchen")],
        ["nodes ls"] = [E("list the nodes with their hardware and live metrics", "nodes ls"), E("the same as JSON", "nodes ls --json")],
        ["nodes get"] = [E("show one node", "nodes get pi-kitchen")],
        ["nodes ping"] = [E("four round trips hub -> agent -> hub", "nodes ping pi-kitchen"), E("ten, each with a one-second deadline", "nodes ping pi-kitchen -c 10 --timeout-ms 1000")],
        ["nodes hardware"] = [E("the board identity and capabilities the agent reported", "nodes hardware pi-kitchen")],
        ["nodes rm"] = [E("forget a node and revoke its certificates", "nodes rm pi-old")],
        ["nodes revoke"] = [E("revoke a node's certificates; it stays refused until approved again", "nodes revoke pi-lost")],
        ["nodes approve"] = [E("approve the waiting enrollment whose key nodes pending shows", "nodes approve pi-kitchen --key 3f2a9c0e5b7d")],
        ["nodes pending"] = [E("list the enrollments waiting for approval", "nodes pending")],
        ["nodes label"] = [E("show a node's labels", "nodes label pi-kitchen"), E("set one label and remove another", "nodes label pi-kitchen room=kitchen tier-")],
        ["ca"] = [E("print the CA fingerprint that agents and login pin", "ca fingerprint")],
        ["ca fingerprint"] = [E("print the CA fingerprint (on the hub's machine)", "ca fingerprint"), E("of a hub whose data is elsewhere", "ca fingerprint --data-dir /srv/pi-controller")],
        ["token"] = [E("create a join token for new Pis", "token create"), E("list the API tokens", "token ls --api")],
        ["token create"] = [E("a join token for new Pis, valid 24 hours", "token create"), E("an API token for a script that only reads", "token create --api --role viewer --name dashboard")],
        ["token ls"] = [E("list the join tokens", "token ls"), E("list the API tokens", "token ls --api")],
        ["token revoke"] = [E("revoke a join token", "token revoke jt_4f2a"), E("revoke an API token", "token revoke at_9c1e --api")],
        ["token forget-files"] = [E("remove admin.token and join.token once the tokens are kept elsewhere", "token forget-files")],
        ["audit"] = [E("the latest 50 changes and who made them", "audit"), E("the last day's, at most 200", "audit --since 24h --limit 200")],
        ["discover"] = [E("list the machines the hub has seen on the network", "discover"), E("scan a range for Pis", "discover scan 192.168.1.0/24")],
        ["discover scan"] = [E("scan a range for Pis", "discover scan 192.168.1.0/24")],
        ["discover watch"] = [E("watch machines appear, refreshed every 5 seconds", "discover watch --interval 5")],
        ["discover approve"] = [E("approve a discovered machine by its id and key", "discover approve 3 --key 3f2a9c0e5b7d")],
        ["k3s"] = [E("list the K3s releases the hub keeps", "k3s ls"), E("download a release on a hub with internet", "k3s fetch v1.33.4+k3s1 --arch arm64 --images")],
        ["k3s import"] = [E("keep release files carried to an air-gapped hub",
            "k3s import --version v1.33.4+k3s1 --arch arm64 --binary k3s-arm64 --images k3s-airgap-images-arm64.tar.zst --checksums sha256sum-arm64.txt")],
        ["k3s fetch"] = [E("download the binary and the air-gap images", "k3s fetch v1.33.4+k3s1 --arch arm64 --images"), E("only the amd64 binary", "k3s fetch v1.33.4+k3s1 --arch amd64")],
        ["k3s ls"] = [E("list the kept releases with their files", "k3s ls"), E("the same as JSON", "k3s ls --json")],
        ["k3s rm"] = [E("remove one architecture of a release", "k3s rm v1.33.4+k3s1 --arch arm64"), E("remove every architecture of it", "k3s rm v1.33.4+k3s1")],
        ["cluster"] = [E("plan a cluster and look at it before anything changes", "cluster create lab --server pi-01 --agent pi-02 pi-03 --dry-run"), E("list the clusters", "cluster ls")],
        ["cluster create"] = [E("three HA servers and two agents, Traefik left out; shows the plan and asks", "cluster create lab --server pi-01 pi-02 pi-03 --agent pi-04 pi-05 --disable traefik"),
            E("print every step (secrets masked) and change nothing", "cluster create lab --server pi-01 --agent ssh:garage --dry-run"),
            E("from a script: no question, fix the memory cgroup with a reboot, JSON at the end", "cluster create lab --server pi-01 --version v1.33.4+k3s1 --fix --yes -o json")],
        ["cluster ls"] = [E("list the clusters", "cluster ls"), E("the same as JSON", "cluster ls -o json")],
        ["cluster import"] = [E("adopt a running K3s cluster the hub did not build, from its admin kubeconfig", "cluster import home --kubeconfig ./k3s.yaml"),
            E("the same, with the answer as JSON", "cluster import home --kubeconfig ./k3s.yaml -o json")],
        ["cluster get"] = [E("a cluster's nodes, and a failed node's error with what to do", "cluster get lab"), E("with every step of its plan", "cluster get lab -o wide")],
        ["cluster add-node"] = [E("add an agent", "cluster add-node lab --agent pi-06"), E("grow from 1 to 3 servers", "cluster add-node lab --server pi-07 pi-08")],
        ["cluster remove-node"] = [E("uninstall K3s from an agent and take it out", "cluster remove-node lab pi-06"), E("an SSH target", "cluster remove-node lab ssh:garage")],
        ["cluster delete"] = [E("uninstall K3s from every node and forget the cluster", "cluster delete lab")],
        ["cluster resume"] = [E("run a stopped plan again after fixing what it reported", "cluster resume lab"), E("now allow the reboot fix the preflight offered", "cluster resume lab --fix")],
        ["cluster upgrade"] = [E("show the rolling upgrade (order, every step) and change nothing", "cluster upgrade lab --version v1.33.4+k3s1 --dry-run"),
            E("upgrade: servers one at a time, then agents two at a time; shows the plan, asks, follows it live", "cluster upgrade lab --version v1.33.4+k3s1 --concurrency 2"),
            E("from a script, giving PodDisruptionBudgets ten minutes per node", "cluster upgrade lab --version v1.33.4+k3s1 --drain-timeout 10m --yes"),
            E("on slow SD cards, giving each node half an hour to be Ready again", "cluster upgrade lab --version v1.33.4+k3s1 --ready-timeout 30m"),
            E("return one node to the binary it had before", "cluster upgrade lab --rollback pi-04")],
        ["cluster rollback"] = [E("return a node to the K3s binary it had before its last upgrade", "cluster rollback lab pi-04"),
            E("show what it would do", "cluster rollback lab ssh:garage --dry-run")],
        ["cluster upgrade-status"] = [E("the latest upgrade: each node's state, a failed node's error and what to do", "cluster upgrade-status lab"),
            E("the same as JSON", "cluster upgrade-status lab -o json")],
        ["cluster kubeconfig"] = [E("print the admin kubeconfig", "cluster kubeconfig lab"), E("merge it into ~/.kube/config", "cluster kubeconfig lab --merge"),
            E("merge it into another file", "cluster kubeconfig lab --merge --kubeconfig ~/.kube/lab.yaml")],
        ["cluster policy"] = [E("show a cluster's policy", "cluster policy lab"),
            E("taint throttled nodes and repair membership differences", "cluster policy lab --throttle-taints on --membership repair"),
            E("give namespace apps a quarter of the cluster's memory, and remove ci's quota", "cluster policy lab --quota apps=25 --quota ci=0")],
        ["cluster place"] = [E("nodes for a workload with GPIO, a BME280 and 2 GiB, and its node affinity", "cluster place lab --needs gpio,i2c:bme280,memory>=2Gi"),
            E("only Pi 5 boards, as JSON", "cluster place lab --needs board=5 -o json")],
        ["cluster snapshot"] = [E("take an etcd snapshot now", "cluster snapshot save lab"), E("save one twice a day, keep five", "cluster snapshot schedule lab --cron \"0 */12 * * *\" --retention 5")],
        ["cluster snapshot save"] = [E("take an etcd snapshot on the first Ready server", "cluster snapshot save lab"),
            E("name it (K3s adds -NODE-UNIXTIME)", "cluster snapshot save lab --name before-upgrade")],
        ["cluster snapshot ls"] = [E("ask the server what it holds", "cluster snapshot ls lab"), E("what the hub last saw, with locations", "cluster snapshot ls lab --cached -o wide")],
        ["cluster snapshot prune"] = [E("keep the schedule's count of on-demand snapshots", "cluster snapshot prune lab"), E("keep the newest two", "cluster snapshot prune lab --retention 2")],
        ["cluster snapshot schedule"] = [E("K3s's default: at 00:00 and 12:00 UTC, keep five", "cluster snapshot schedule lab"),
            E("every night at 03:30, keep a week", "cluster snapshot schedule lab --cron \"30 3 * * *\" --retention 7"), E("stop scheduled snapshots", "cluster snapshot schedule lab --off")],
        ["ssh"] = [E("list the SSH targets", "ssh ls"), E("add a Pi without an agent", "ssh add pi-01 --host 10.0.0.5 --user pi --key ~/.ssh/id_ed25519")],
        ["ssh add"] = [E("key auth; the user has NOPASSWD sudo", "ssh add pi-01 --host 10.0.0.5 --user pi --key ~/.ssh/id_ed25519"),
            E("password auth and a sudo password, typed unseen (or piped in, one line each)", "ssh add pi-02 --host 10.0.0.6 --user pi --password-stdin --sudo-password-stdin"),
            E("behind two jump hosts (other targets), first hop first", "ssh add pi-03 --host 192.168.50.3 --user pi --key ~/.ssh/id_ed25519 --jump bastion --jump gateway")],
        ["ssh ls"] = [E("list the targets with their pinned host keys", "ssh ls"), E("the same as JSON", "ssh ls --json")],
        ["ssh get"] = [E("show one target and its host key", "ssh get pi-01")],
        ["ssh rm"] = [E("remove a target and its sealed credentials", "ssh rm pi-01")],
        ["ssh check"] = [E("connect once: pin the host key, check sudo", "ssh check pi-01")],
        ["ssh accept-key"] = [E("trust the new key of a reinstalled host", "ssh accept-key pi-01 --fingerprint SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og")],
        ["adopt"] = [E("install the agent on a Pi with key auth; the user has NOPASSWD sudo", "adopt 10.0.0.5 --user pi --key ~/.ssh/id_ed25519 --name pi-01"),
            E("password auth and a sudo password, piped in one line each", "adopt pi-02.local --user pi --password-stdin --sudo-password-stdin --yes"),
            E("behind a jump host (another ssh target)", "adopt 192.168.50.3 --user pi --key ~/.ssh/id_ed25519 --jump bastion --name pi-03")],
        ["apt"] = [E("list the packages the hub's apt repository serves", "apt ls"), E("publish a package", "apt add ./pi-controller-agent_0.1.0_arm64.deb")],
        ["apt add"] = [E("publish a package in the hub's apt repository", "apt add ./pi-controller-agent_0.1.0_arm64.deb")],
        ["apt ls"] = [E("list the packages the apt repository serves", "apt ls")],
        ["gpio"] = [E("list a node's pins", "gpio ls pi-kitchen"), E("drive GPIO17 high", "gpio write pi-kitchen 17 high")],
        ["gpio ls"] = [E("list a node's pins with their mode and level", "gpio ls pi-kitchen")],
        ["gpio read"] = [E("read GPIO17", "gpio read pi-kitchen 17"), E("read the pin at header position 11", "gpio read pi-kitchen P11")],
        ["gpio write"] = [E("drive GPIO17 high", "gpio write pi-kitchen 17 high")],
        ["gpio toggle"] = [E("flip GPIO17", "gpio toggle pi-kitchen 17")],
        ["gpio pulse"] = [E("a 200 ms high pulse on GPIO17, timed on the agent", "gpio pulse pi-kitchen 17 --level high --ms 200")],
        ["gpio config"] = [E("GPIO27 as an input with pull-up that reports falling edges", "gpio config pi-kitchen 27 --mode input --pull up --edge falling"), E("GPIO17 as an output that starts low", "gpio config pi-kitchen 17 --mode output --value low")],
        ["gpio release"] = [E("give GPIO17 back (it returns to a safe input)", "gpio release pi-kitchen 17")],
        ["gpio batch"] = [E("write two pins and read a third in one command", "gpio batch pi-kitchen 17=high 27=low 22")],
        ["gpio events"] = [E("the latest edges on GPIO27", "gpio events pi-kitchen --pin 27 --limit 20")],
        ["pwm"] = [E("list a node's PWM channels", "pwm ls pi-kitchen"), E("1 kHz at 25 % on GPIO18", "pwm set pi-kitchen 18 --frequency 1000 --duty 25")],
        ["pwm ls"] = [E("list a node's PWM channels", "pwm ls pi-kitchen")],
        ["pwm set"] = [E("1 kHz at 25 % on GPIO18", "pwm set pi-kitchen 18 --frequency 1000 --duty 25")],
        ["pwm stop"] = [E("stop the PWM on GPIO18", "pwm stop pi-kitchen 18")],
        ["i2c"] = [E("scan bus 1 for devices", "i2c scan pi-kitchen 1"), E("read a BME280 at 0x76", "i2c read pi-kitchen 1 0x76 --device bme280")],
        ["i2c scan"] = [E("scan bus 1 for devices", "i2c scan pi-kitchen 1")],
        ["i2c read"] = [E("read a BME280 at 0x76 as a typed device", "i2c read pi-kitchen 1 0x76 --device bme280"), E("read one raw byte of register 0xd0", "i2c read pi-kitchen 1 0x76 --register 0xd0 --length 1")],
        ["i2c write"] = [E("write two bytes to the device at 0x20", "i2c write pi-kitchen 1 0x20 0x00 0xff")],
        ["i2c watch"] = [E("read a BME280 every 10 seconds into the event stream", "i2c watch pi-kitchen 1 0x76 --device bme280")],
        ["i2c unwatch"] = [E("stop reading the device at 0x76", "i2c unwatch pi-kitchen 1 0x76")],
        ["i2c readings"] = [E("the latest readings of a node's watched devices", "i2c readings pi-kitchen")],
        ["events"] = [E("the stored events", "events"), E("follow new events about one node", "events --follow --node pi-kitchen")],
        ["get"] =
        [
            E("list the GPIO resources", "get gpio"),
            E("show one resource as YAML, ready to edit and apply", "get gpio porch-light -o yaml"),
            E("the resources on nodes labelled room=porch", "get gpio --node-selector room=porch"),
            E("watch the I2C resources change", "get i2c -w"),
        ],
        ["apply"] =
        [
            E("create or update the resources in a file (YAML or JSON)", "apply -f led.yaml"),
            E("every file of a directory and its subdirectories", "apply -f resources/ -R"),
            E("show what would change, storing nothing", "apply -f led.yaml --dry-run=server"),
            E("from standard input", "apply -f -"),
        ],
        ["diff"] = [E("what apply would change, as a unified diff (exit 1 when there is one)", "diff -f led.yaml"), E("a directory", "diff -f resources/ -R")],
        ["describe"] = [E("a node: hardware, labels, its resources and recent events", "describe node pi-kitchen"), E("a resource with its conditions and events", "describe gpio porch-light")],
        ["create"] = [E("a GPIO output on one node", "create gpio porch-light --node pi-porch --pin 17 --mode output")],
        ["create gpio"] = [E("a GPIO output that starts low", "create gpio porch-light --node pi-porch --pin 17 --mode output --value low"), E("an input on the node labelled room=garage", "create gpio garage-door --selector room=garage --pin 27 --mode input --pull up --edge both")],
        ["create pwm"] = [E("a 25 kHz fan at 40 %", "create pwm fan --node pi-kitchen --pin 18 --frequency-hz 25000 --duty-percent 40")],
        ["create i2c"] = [E("a BME280 read every 5 seconds", "create i2c kitchen-air --node pi-kitchen --address 0x76 --device bme280")],
        ["delete"] =
        [
            E("delete a resource (its pin goes back to a safe state)", "delete gpio porch-light"),
            E("delete several", "delete i2c kitchen-air hall-air"),
            E("delete what a file names", "delete -f led.yaml --ignore-not-found"),
        ],
    };
}
