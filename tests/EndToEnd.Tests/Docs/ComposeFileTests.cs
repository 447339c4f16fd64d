using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Orleans.Delivery.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orleans.Delivery.EndToEnd.Tests.Docs;

/// <summary>
/// docker-compose.yml read as Compose reads it (anchors and merge keys resolved), checked for the cluster's shape:
/// PostgreSQL 15 or newer, three silos and an Orleans-client gateway built from the repository's Dockerfile, one
/// cluster identity, each silo with its own Orleans ports and an advertised address that is its own on the network.
/// No container is started here.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Load();

    [Fact]
    public void Compose_Postgres_Is15OrNewer()
    {
        var image = Scalar(Service("postgres"), "image");
        var match = PostgresImage().Match(image);
        Assert.True(match.Success, $"postgres image '{image}' names no major version");
        Assert.True(int.Parse(match.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 15, image);
    }

    [Fact]
    public void Compose_ThreeSilos_EachItsOwnPortsAndAdvertisedAddressOnTheNetwork()
    {
        var silos = Services().Where(s => BuiltProject(s.Value) == "Silo").ToList();
        Assert.Equal(3, silos.Count);
        var subnet = Subnet();
        var ports = new HashSet<string>();
        var addresses = new HashSet<IPAddress>();
        foreach (var (name, silo) in silos)
        {
            var environment = Environment(silo);
            Assert.True(ports.Add(environment["Orleans__SiloPort"]), $"{name}: silo port shared");
            Assert.True(ports.Add(environment["Orleans__GatewayPort"]), $"{name}: gateway port shared");
            Assert.All(new[] { environment["Orleans__SiloPort"], environment["Orleans__GatewayPort"] }, p => Assert.InRange(int.Parse(p, System.Globalization.CultureInfo.InvariantCulture), 1, 65535));
            var advertised = IPAddress.Parse(environment["Orleans__AdvertisedAddress"]);
            Assert.Equal(advertised, IPAddress.Parse(Scalar(Mapping(Mapping(silo, "networks"), "default"), "ipv4_address")));
            Assert.True(addresses.Add(advertised), $"{name}: address shared");
            Assert.True(subnet.Contains(advertised), $"{name}: {advertised} is outside {subnet}");
            Assert.Equal("true", environment["Orleans__ListenOnAnyAddress"]);
            AssertClusterMember(name, silo);
        }
    }

    [Fact]
    public void Compose_MerchantWebhooks_MayNotReachPrivateTargets()
    {
        foreach (var (name, silo) in Services().Where(s => BuiltProject(s.Value) == "Silo"))
        {
            Assert.True(Environment(silo).TryGetValue("MerchantWebhooks__AllowPrivateTargets", out var allowed), $"{name}: the switch is not set");
            Assert.Equal("false", allowed);
        }
    }

    [Fact]
    public void Compose_Gateway_IsAnOrleansClientOfTheSameCluster()
    {
        var gateways = Services().Where(s => BuiltProject(s.Value) == "Gateway").ToList();
        var (name, gateway) = Assert.Single(gateways);
        AssertClusterMember(name, gateway);
        Assert.DoesNotContain("Orleans__SiloPort", Environment(gateway).Keys);
    }

    [Fact]
    public void Compose_EveryBuild_NamesAProjectTheDockerfilePublishes_AndEveryDependencyExists()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile"));
        Assert.Contains("dotnet publish \"${PROJECT}\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("Orleans.Delivery.${ASSEMBLY}.dll", dockerfile, StringComparison.Ordinal);
        var names = Services().Select(s => s.Name).ToHashSet();
        foreach (var (name, service) in Services())
        {
            if (service.Children.TryGetValue(new YamlScalarNode("build"), out var build))
            {
                Assert.Equal(".", Scalar((YamlMappingNode)build, "context"));
                var project = BuiltProject(service)!;
                var assembly = Mapping((YamlMappingNode)build, "args").Children.TryGetValue(new YamlScalarNode("ASSEMBLY"), out var a)
                    ? ((YamlScalarNode)a).Value!
                    : project;
                Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, project, $"{Path.GetFileName(assembly)}.csproj")), $"{name}: no project {project}/{assembly}.csproj");
            }

            if (service.Children.TryGetValue(new YamlScalarNode("depends_on"), out var dependsOn))
            {
                var targets = dependsOn is YamlMappingNode map
                    ? map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)
                    : ((YamlSequenceNode)dependsOn).Children.Select(k => ((YamlScalarNode)k).Value!);
                Assert.All(targets, t => Assert.Contains(t, names));
            }
        }
    }

    private static void AssertClusterMember(string name, YamlMappingNode service)
    {
        var environment = Environment(service);
        var postgres = Environment(Service("postgres"));
        Assert.Equal(
            $"Host=postgres;Username={postgres["POSTGRES_USER"]};Password={postgres["POSTGRES_PASSWORD"]};Database={postgres["POSTGRES_DB"]}",
            environment["ConnectionStrings__Postgres"]);
        Assert.Equal("orleans-delivery", environment["Orleans__ClusterId"]);
        Assert.Equal("orleans-delivery", environment["Orleans__ServiceId"]);
        var dependsOn = Mapping(service, "depends_on");
        Assert.Equal("service_healthy", Scalar(Mapping(dependsOn, "postgres"), "condition"));
        Assert.True(environment.ContainsKey("Links__Secret"), $"{name} has no Links__Secret");
    }

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static IEnumerable<(string Name, YamlMappingNode Value)> Services() =>
        Mapping(Compose, "services").Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    private static YamlMappingNode Service(string name) => Mapping(Mapping(Compose, "services"), name);

    private static string? BuiltProject(YamlMappingNode service) =>
        service.Children.TryGetValue(new YamlScalarNode("build"), out var build)
            ? Scalar(Mapping((YamlMappingNode)build, "args"), "PROJECT")
            : null;

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Mapping(service, "environment").Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    private static (IPAddress Network, int Prefix) SubnetOf(string cidr)
    {
        var parts = cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IPNetwork Subnet()
    {
        var config = (YamlSequenceNode)Mapping(Mapping(Mapping(Compose, "networks"), "default"), "ipam")["config"];
        var (network, prefix) = SubnetOf(Scalar((YamlMappingNode)Assert.Single(config.Children), "subnet"));
        Assert.Equal(AddressFamily.InterNetwork, network.AddressFamily);
        return new IPNetwork(network, prefix);
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode mapping
            ? mapping
            : throw new Xunit.Sdk.XunitException($"no mapping '{key}' in the compose file where expected");

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text }
            ? text
            : throw new Xunit.Sdk.XunitException($"no value '{key}' in the compose file where expected");

    [GeneratedRegex(@"^postgres:(?<major>\d+)")]
    private static partial Regex PostgresImage();
}
