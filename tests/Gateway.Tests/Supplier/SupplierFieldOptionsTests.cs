using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Supplier;

namespace Orleans.Delivery.Gateway.Tests.Supplier;

public sealed class SupplierFieldOptionsTests
{
    [Fact]
    public void Validate_Defaults_TheApiFormatsNames()
    {
        var options = new SupplierFieldOptions();

        Assert.True(new SupplierFieldOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(
            ("order_id", "reference", "status", "items", "code", "pin", "instructions", "confirmation"),
            (options.OrderId, options.Reference, options.Status, options.Items, options.Code, options.Pin, options.Instructions, options.Confirmation));
    }

    [Fact]
    public void Validate_BlankRepeatedOrUnknown_FailsWithEachReason()
    {
        var options = new SupplierFieldOptions
        {
            OrderId = " ",
            Status = "reference",
            Pin = "code",
            StatusValues = { ["SUCCESS"] = "delivered" },
        };

        var result = new SupplierFieldOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("OrderId", failures, StringComparison.Ordinal);
        Assert.Contains("OrderId, Reference, Status, Items, Error, EventId and OccurredAt must be distinct names.", failures, StringComparison.Ordinal);
        Assert.Contains("Code, Pin, Instructions, Confirmation, Serial and Denomination must be distinct names.", failures, StringComparison.Ordinal);
        Assert.Contains("StatusValues:SUCCESS must be completed, pending or failed.", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSupplierOrderReader_FieldsFromConfiguration_ReaderUsesThem()
    {
        using var services = Services(new()
        {
            ["Supplier:Fields:OrderId"] = "id",
            ["Supplier:Fields:Items"] = "vouchers",
            ["Supplier:Fields:StatusValues:SUCCESS"] = "completed",
        });

        var read = services.GetRequiredService<SupplierOrderReader>()
            .Read(Encoding.UTF8.GetBytes("""{"id":"V-1","status":"Success","vouchers":[{"code":"C-1"}]}"""));

        Assert.True(read.IsValid, read.Problem);
        Assert.Equal(("V-1", SupplierOrderStatus.Completed, "C-1"), (read.Order!.OrderId, read.Order.Status, Assert.Single(read.Order.Items).Code));
    }

    [Fact]
    public void AddSupplierOrderReader_InvalidMapping_FailsOnFirstUse()
    {
        using var services = Services(new() { ["Supplier:Fields:StatusValues:ok"] = "fine" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<SupplierOrderReader>());

        Assert.Contains(error.Failures, f => f.Contains("StatusValues:ok must be completed, pending or failed.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"order_id":"S-1","status":"completed"}""", SupplierOrderStatus.Completed)]
    [InlineData("""{"order_id":"S-1","status":" PENDING "}""", SupplierOrderStatus.Pending)]
    [InlineData("""{"order_id":"S-1","status":"Failed"}""", SupplierOrderStatus.Failed)]
    [InlineData("""{"order_id":"S-1","status":"done"}""", null)]
    [InlineData("""{"id":"S-1","status":"completed"}""", SupplierOrderStatus.Completed)]
    public void Read_Statuses_UnderstoodInAnyCaseAndUnknownIsNull(string body, SupplierOrderStatus? status)
    {
        var order = SupplierOrderReader.Default.Read(Encoding.UTF8.GetBytes(body)).Order!;

        Assert.Equal(("S-1", status), (order.OrderId, order.Status));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSupplierOrderReader();
        return services.BuildServiceProvider();
    }
}
