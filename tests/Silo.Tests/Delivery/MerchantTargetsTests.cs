using System.Net;
using Orleans.Delivery.Silo.Delivery;

namespace Orleans.Delivery.Silo.Tests.Delivery;

public sealed class MerchantTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.9.9.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "shared")]
    [InlineData("100.127.255.254", "shared")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("100.100.100.200", "cloud metadata")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped")]
    [InlineData("::ffff:93.184.216.34", "IPv4-mapped")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:7f00:1::", "loopback")]
    public void Refusal_OurOwnNetwork_IsRefusedWithItsKind(string address, string kind) =>
        Assert.Contains(kind, MerchantTargets.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void Refusal_PublicAddress_IsAllowed(string address) =>
        Assert.Null(MerchantTargets.Refusal(IPAddress.Parse(address)));
}
