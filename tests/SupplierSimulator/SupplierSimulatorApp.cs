namespace Orleans.Delivery.SupplierSimulator;

// Wires the simulator into a WebApplication; shared by the standalone Program and the in-process host.
internal static class SupplierSimulatorApp
{
    public static (WebApplication App, SimulatedSupplier Supplier) Build(WebApplicationBuilder builder, SupplierSimulatorOptions options)
    {
        var supplier = new SimulatedSupplier(options);
        builder.Services.AddSingleton(supplier);
        var app = builder.Build();
        app.MapSupplierSimulator();
        return (app, supplier);
    }
}
