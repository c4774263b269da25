using System.Text;

namespace PiController.Hub.Provisioning.Install;

/// <summary>A config.yaml (or a drop-in of config.yaml.d) as the ordered settings it holds, each with its reason.</summary>
internal sealed record ConfigFile(string Path, IReadOnlyList<K3sSetting> Settings)
{
    /// <summary>The header line every file the hub writes starts with, so a person reading it on the node knows who owns it.</summary>
    public const string Header = "# Written by Pi-Controller; changes made here are replaced at the next install. Change the cluster in the hub.\n";

    public string Yaml()
    {
        var yaml = new StringBuilder(Header);
        foreach (var setting in Settings)
        {
            setting.WriteYaml(yaml);
        }
        return yaml.ToString();
    }
}
