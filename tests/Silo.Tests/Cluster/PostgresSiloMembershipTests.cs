using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Delivery.Silo.Tests.Storage.Postgres;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Cluster;

/// <summary>Orleans' ADO.NET clustering on our schema: the silo joins, and a client finds it through the gateway list.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresSiloMembershipTests(PostgresSiloFixture silo)
{
    private const int Active = 3;

    [Fact]
    public async Task SiloStarted_MembershipTable_HasItActiveWithItsGateway()
    {
        await using var command = silo.DataSource.CreateCommand(
            "SELECT status, proxy_port FROM orleans_membership WHERE deployment_id = @cluster");
        command.Parameters.AddWithValue("cluster", silo.ClusterId);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(Active, reader.GetInt32(0));
        Assert.Equal(silo.GatewayPort, reader.GetInt32(1));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_SiloDeadSinceBeforeTheCutoff_IsDeletedAndTheActiveSiloStays()
    {
        var longAgo = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var insert = silo.DataSource.CreateCommand("""
            INSERT INTO orleans_membership
                (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
            VALUES (@cluster, '127.0.0.2', 11111, 1, 'gone', 'gone', 6, 0, @longAgo, @longAgo)
            """))
        {
            insert.Parameters.AddWithValue("cluster", silo.ClusterId);
            insert.Parameters.AddWithValue("longAgo", longAgo);
            await insert.ExecuteNonQueryAsync();
        }

        await silo.Services.GetRequiredService<IMembershipTable>().CleanupDefunctSiloEntriesAsync(new DateTimeOffset(longAgo.AddDays(1)));

        await using var rows = silo.DataSource.CreateCommand(
            "SELECT string_agg(silo_name || ':' || status, ',') FROM orleans_membership WHERE deployment_id = @cluster");
        rows.Parameters.AddWithValue("cluster", silo.ClusterId);
        var left = (string)(await rows.ExecuteScalarAsync())!;
        Assert.DoesNotContain("gone", left, StringComparison.Ordinal);
        Assert.EndsWith($":{Active}", left, StringComparison.Ordinal);
        Assert.DoesNotContain(",", left, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalClient_AdoNetGatewayList_FindsTheSiloAndCallsIt()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (silo.ClusterId, silo.ServiceId))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresSiloFixture.Invariant, silo.ConnectionString)));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var gateways = await host.Services.GetRequiredService<IGatewayListProvider>().GetGateways();
            var hosts = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

            Assert.Equal(silo.GatewayPort, Assert.Single(gateways).Port);
            Assert.Equal(SiloStatus.Active, Assert.Single(hosts).Value);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
