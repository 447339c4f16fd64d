using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>A link token read back: its contents, or why it was refused. Never an exception.</summary>
public sealed record LinkCheck<T>(T? Link, LinkRefusal Refusal)
    where T : class
{
    public bool IsValid => Refusal == LinkRefusal.None && Link is not null;

    /// <summary>The stable Problem Details code: <c>link_expired</c>, <c>link_invalid</c>, or null when valid.</summary>
    public string? ErrorCode => Refusal switch
    {
        LinkRefusal.None => null,
        LinkRefusal.Expired => FileErrorCodes.LinkExpired,
        _ => FileErrorCodes.LinkInvalid,
    };

    public static LinkCheck<T> Valid(T link) => new(link, LinkRefusal.None);

    public static LinkCheck<T> Refused(LinkRefusal refusal) => new(null, refusal);
}
