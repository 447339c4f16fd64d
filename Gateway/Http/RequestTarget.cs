using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Refuses a request whose URL percent-encodes bytes that are not UTF-8 (<c>%FF</c>, the overlong <c>%C0%80</c>, an
/// encoded surrogate). ASP.NET Core leaves such sequences undecoded, so they would otherwise reach handlers as
/// literal text such as "%FF" and pass for an identifier. Answered 400 <see cref="ErrorCode"/>, before any endpoint runs.
/// </summary>
public static class RequestTarget
{
    public const string ErrorCode = "invalid_url_encoding";

    public static IApplicationBuilder UseRequestTargetCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (target is not null && !IsWellEncoded(target))
            {
                await ApiProblem.BadRequest(ErrorCode, "The URL percent-encodes bytes that are not valid UTF-8.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>True when every percent-encoded byte sequence in <paramref name="target"/> is UTF-8.</summary>
    /// <remarks>A '%' not followed by two hex digits is left alone, as ASP.NET Core leaves it: it decodes to itself.</remarks>
    public static bool IsWellEncoded(string target)
    {
        if (!target.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(target.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < target.Length; i++)
            {
                if (target[i] == '%' && i + 2 < target.Length
                    && byte.TryParse(target.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var decoded))
                {
                    bytes[length++] = decoded;
                    i += 2;
                }
                else
                {
                    length += System.Text.Encoding.UTF8.GetBytes(target.AsSpan(i, 1), bytes.AsSpan(length));
                }
            }

            return System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
