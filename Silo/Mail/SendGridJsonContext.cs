using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Mail;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendGridWire.MailSendRequest))]
[JsonSerializable(typeof(SendGridWire.ErrorResponse))]
internal sealed partial class SendGridJsonContext : JsonSerializerContext;
