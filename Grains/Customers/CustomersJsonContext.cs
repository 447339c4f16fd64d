using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Effects;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>Source-generated JSON for the customer's state, commands, events and mint outcomes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CustomerState))]
[JsonSerializable(typeof(AccountLicense[]))]
[JsonSerializable(typeof(GrainRecord<CustomerState>))]
[JsonSerializable(typeof(PendingEffect[]))]
[JsonSerializable(typeof(GrainWake[]))]
[JsonSerializable(typeof(FinishedEffect[]))]
[JsonSerializable(typeof(CustomerCommand))]
[JsonSerializable(typeof(CustomerEvent))]
[JsonSerializable(typeof(CustomerEvent[]))]
[JsonSerializable(typeof(CustomerTurn))]
[JsonSerializable(typeof(MintOutcome))]
[JsonSerializable(typeof(Entitlement[]))]
[JsonSerializable(typeof(MintRecord[]))]
[JsonSerializable(typeof(string[]))]
public sealed partial class CustomersJsonContext : JsonSerializerContext;
