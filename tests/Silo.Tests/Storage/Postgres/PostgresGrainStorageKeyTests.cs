using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Delivery.Silo.Storage;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// How Orleans' ADO.NET grain storage keys a string-keyed grain, whatever the schema: it first tries to read the key
/// as a hexadecimal integer (then as a 32-digit GUID), optionally followed by "+extension", and stores what it read,
/// not the text. String keys that read as the same number therefore share one row. A grain whose key comes from
/// outside (a merchant's customer or order id) must be given a key with a character that is not a hex digit before
/// any '+', e.g. "customer-" + id.
/// </summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresGrainStorageKeyTests(PostgresSiloFixture silo)
{
    private IGrainStorage Storage => silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.StorageName);

    [Theory]
    [InlineData("ab", "AB")]
    [InlineData("12", "012")]
    [InlineData("7f+gift", "07F+gift")]
    public async Task Write_StringKeysThatReadAsTheSameHexNumber_ShareOneRow(string first, string second)
    {
        var name = $"state-{Guid.NewGuid():N}";
        await Storage.WriteStateAsync(name, GrainId.Create("customer", first), new GrainState<ContractState>(new ContractState { Text = first }));

        var other = new GrainState<ContractState>();
        await Storage.ReadStateAsync(name, GrainId.Create("customer", second), other);

        Assert.True(other.RecordExists);
        Assert.Equal(first, other.State?.Text);
    }

    [Theory]
    [InlineData("customer-ab", "customer-AB")]
    [InlineData("customer-12", "customer-012")]
    public async Task Write_StringKeysWithANonHexCharacter_KeepTheirOwnRows(string first, string second)
    {
        var name = $"state-{Guid.NewGuid():N}";
        await Storage.WriteStateAsync(name, GrainId.Create("customer", first), new GrainState<ContractState>(new ContractState { Text = first }));

        var other = new GrainState<ContractState>();
        await Storage.ReadStateAsync(name, GrainId.Create("customer", second), other);

        Assert.False(other.RecordExists);
    }

    [Theory]
    [InlineData("ab", "AB")]
    [InlineData("12", "012")]
    [InlineData("7f+gift", "07F+gift")]
    public async Task Write_ThroughTheKeyPrefix_StorefrontKeysThatReadAsTheSameHexNumberKeepTheirOwnRows(string first, string second)
    {
        var storage = new KeyPrefixedGrainStorage(Storage);
        var name = $"state-{Guid.NewGuid():N}";
        await storage.WriteStateAsync(name, GrainId.Create("order", first), new GrainState<ContractState>(new ContractState { Text = first }));

        var other = new GrainState<ContractState>();
        await storage.ReadStateAsync(name, GrainId.Create("order", second), other);
        var same = new GrainState<ContractState>();
        await storage.ReadStateAsync(name, GrainId.Create("order", first), same);

        Assert.False(other.RecordExists);
        Assert.True(same.RecordExists);
        Assert.Equal(first, same.State?.Text);
    }
}
