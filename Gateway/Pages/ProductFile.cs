namespace Orleans.Delivery.Gateway.Pages;

/// <summary>An entitlement's file: its key in the file store and the name the browser saves it under.</summary>
public sealed record ProductFile(string Key, string FileName);
