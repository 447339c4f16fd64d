namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// What every console page needs besides its own data: who is logged in, the anti-forgery field for its forms, the
/// outcome of the action that led here, and where the dashboard is.
/// </summary>
public sealed record ConsolePage(string? Operator, string FormField, string FormToken, string? Notice, string? Error, string DashboardPath, string Path);
