namespace Orleans.Delivery.Grains.Customers;

/// <summary>What the shell gets from one command; <see cref="Mint"/> is set for <see cref="Customers.Mint"/> commands.</summary>
public sealed record CustomerTurn(CustomerState State, EquatableArray<CustomerEvent> Events, MintOutcome? Mint);
