using Orleans.Delivery.Silo.Tests.Providers;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>A grain that keeps a <see cref="ContractState"/> in the silo's default storage and holds reminders.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task SetAsync(string text);

    Task<ContractState> GetAsync();

    Task RemindAsync(string reminderName);

    Task<bool> HasReminderAsync(string reminderName);
}
