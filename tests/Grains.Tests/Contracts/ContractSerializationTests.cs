using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Serialization;

namespace Orleans.Delivery.Grains.Tests.Contracts;

/// <summary>
/// Every record and enum that crosses a grain call travels through Orleans' serializer. Each one is built here with a
/// value in every member, sent through the serializer and compared with what went in.
/// </summary>
public sealed class ContractSerializationTests
{
    private static readonly Assembly Contracts = typeof(IOrderGrain).Assembly;

    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static TheoryData<Type> WireTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in Contracts.GetExportedTypes().Where(IsWireType).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void WireType_IsMarkedForOrleans_WithAnAlias(Type type)
    {
        Assert.NotNull(type.GetCustomAttribute<GenerateSerializerAttribute>());
        Assert.NotNull(type.GetCustomAttribute<AliasAttribute>());
    }

    [Fact]
    public void WireTypes_HaveDistinctAliases()
    {
        var aliases = Contracts.GetExportedTypes().Where(IsWireType).Select(t => t.GetCustomAttribute<AliasAttribute>()?.Alias).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void WireType_WithEveryMemberSet_RoundTripsThroughOrleansSerializer(Type type)
    {
        var value = Sample(type, depth: 0);

        var copy = RoundTrip(value, type);

        Assert.Equal(type, copy.GetType());
        Assert.Equal(JsonSerializer.Serialize(value, type), JsonSerializer.Serialize(copy, type));
    }

    [Fact]
    public void OrderView_WithNullMembers_RoundTrips()
    {
        var view = (OrderView)Sample(typeof(OrderView), depth: 0) with { DeliveredAt = null, ReviewReason = null, LicenseText = null, Codes = [] };

        var copy = (OrderView)RoundTrip(view, typeof(OrderView));

        Assert.Null(copy.DeliveredAt);
        Assert.Null(copy.ReviewReason);
        Assert.Empty(copy.Codes);
        Assert.Equal(JsonSerializer.Serialize(view), JsonSerializer.Serialize(copy));
    }

    private static bool IsWireType(Type type) =>
        type.IsEnum || (type.IsClass && !type.IsAbstract && type.GetMethod("<Clone>$") is not null);

    private static object RoundTrip(object value, Type type)
    {
        var bytes = Serializer.SerializeToArray(value);
        var method = typeof(Serializer).GetMethods()
            .Single(m => m.Name == nameof(Serializer.Deserialize) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(byte[]));
        return method.MakeGenericMethod(type).Invoke(Serializer, [bytes])!;
    }

    // A value in every member, distinct per member name, so a member lost or swapped on the way shows in the JSON.
    private static object Sample(Type type, int depth, string name = "value")
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Sample(inner, depth, name);
        }

        if (type == typeof(string))
        {
            return $"{name}-sample";
        }

        if (type == typeof(int))
        {
            return 3 + name.Length;
        }

        if (type == typeof(double))
        {
            return 1.5 + name.Length;
        }

        if (type == typeof(long))
        {
            return 1_000L + name.Length;
        }

        if (type == typeof(decimal))
        {
            return 2.5m + name.Length;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddMinutes(name.Length);
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = Array.CreateInstance(element, 2);
            list.SetValue(Sample(element, depth + 1, name + "0"), 0);
            list.SetValue(Sample(element, depth + 1, name + "1"), 1);
            return list;
        }

        if (depth > 6)
        {
            throw new InvalidOperationException($"{type.Name} nests too deeply for a sample.");
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1, p.Name!)).ToArray();
        return constructor.Invoke(arguments);
    }
}
