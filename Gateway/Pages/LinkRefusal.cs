namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Why a link token was not accepted.</summary>
public enum LinkRefusal
{
    None,

    /// <summary>Not a token of ours: missing, cut short, wrong version, undecodable.</summary>
    Malformed,

    /// <summary>Signed with no secret we hold, or changed after signing.</summary>
    BadSignature,

    /// <summary>A genuine token for another purpose (e.g. an account link used as a download link).</summary>
    WrongPurpose,

    /// <summary>A genuine token past its expiry.</summary>
    Expired,
}
