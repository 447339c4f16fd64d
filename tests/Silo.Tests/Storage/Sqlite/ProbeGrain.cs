using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>Stores its state through <c>[PersistentState]</c> on the default storage and registers reminders that
/// are due long after any test ends.</summary>
public sealed class ProbeGrain([PersistentState("probe")] IPersistentState<ContractState> state) : Grain, IProbeGrain, IRemindable
{
    public async Task SetAsync(string text)
    {
        state.State = state.State with { Text = text, Number = state.State.Number + 1 };
        await state.WriteStateAsync();
    }

    public Task<ContractState> GetAsync() => Task.FromResult(state.State);

    public Task RemindAsync(string reminderName) =>
        this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminderAsync(string reminderName) => await this.GetReminder(reminderName) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
