using System.Text.Json.Nodes;

namespace PiController.Hub.Tests.Kube;

/// <summary>Objects the Kube tests put into the API double.</summary>
internal static class KubeDoubleObjects
{
    public static JsonObject Node(string name, string? nodeIdLabel = null, string? internalIp = null, string? hostname = null)
    {
        var labels = new JsonObject { ["kubernetes.io/hostname"] = hostname ?? name };
        if (nodeIdLabel is not null)
        {
            labels["hardware.pi-controller.io/node-id"] = nodeIdLabel;
        }
        var addresses = new JsonArray { new JsonObject { ["type"] = "Hostname", ["address"] = hostname ?? name } };
        if (internalIp is not null)
        {
            addresses.Add(new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp });
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["status"] = new JsonObject { ["addresses"] = addresses },
        };
    }

    public static JsonObject ConfigMap(string ns, string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["value"] = value },
    };
}
