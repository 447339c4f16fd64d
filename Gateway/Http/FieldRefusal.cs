namespace Orleans.Delivery.Gateway.Http;

/// <summary>Why one field of a request was refused at the edge; answered as a 400 problem naming the field.</summary>
/// <param name="Code">The stable Problem Details <c>code</c>, e.g. <see cref="Identifier.ErrorCode"/>.</param>
/// <param name="Field">The field as the sender names it: a JSON path, a route value, a query parameter or a header.</param>
/// <param name="Detail">A sentence saying what is wrong; it never repeats the value.</param>
public sealed record FieldRefusal(string Code, string Field, string Detail);
