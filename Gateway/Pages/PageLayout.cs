using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The frame of every page: store header, one <c>main</c> landmark, support footer, and the inline style sheet.
/// Colours meet WCAG AA contrast (body text 15:1, buttons and links over 7:1); focus is always visible; the layout is
/// one column that fits a phone.
/// </summary>
internal static class PageLayout
{
    public const string Style = """
        :root{color-scheme:light;--ink:#111827;--muted:#4b5563;--line:#d1d5db;--brand:#1d4ed8;--brand-dark:#1e3a8a;--bg:#f3f4f6;--ok:#065f46;--warn:#92400e;--bad:#991b1b}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
        a{color:var(--brand)}a:hover{color:var(--brand-dark)}
        :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem 1rem;z-index:1}
        header.store{background:#fff;border-bottom:1px solid var(--line)}
        header.store .bar{max-width:44rem;margin:0 auto;padding:.9rem 1.25rem;display:flex;align-items:center;gap:.75rem}
        header.store img{height:40px;width:auto;max-width:160px}
        header.store .name{font-weight:700;font-size:1.15rem;color:var(--ink);text-decoration:none}
        main{max-width:44rem;margin:1.5rem auto;padding:0 1.25rem}
        .card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.5rem;margin-bottom:1rem}
        h1{font-size:1.6rem;line-height:1.25;margin:0 0 .75rem}
        h2{font-size:1.15rem;margin:0 0 .35rem}h3{font-size:1rem;margin:1rem 0 .25rem}
        p{margin:.5rem 0}.muted{color:var(--muted)}
        .meta{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.25rem 0 .75rem;color:var(--muted)}
        .meta strong{color:var(--ink)}
        form{margin:1rem 0 0}
        button,.button{display:inline-block;min-height:44px;padding:.7rem 1.4rem;border:0;border-radius:8px;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
        button:hover,.button:hover{background:var(--brand-dark);color:#fff}
        .status{display:inline-block;padding:.15rem .65rem;border-radius:999px;font-weight:600;font-size:.95rem;background:#e5e7eb}
        .status.ok{background:#d1fae5;color:var(--ok)}.status.warn{background:#fef3c7;color:var(--warn)}.status.bad{background:#fee2e2;color:var(--bad)}
        .notice{border-left:4px solid var(--warn);background:#fffbeb;padding:.75rem 1rem;border-radius:4px}
        .notice.bad{border-color:var(--bad);background:#fef2f2}
        ul.items{list-style:none;margin:0;padding:0}
        ul.items li{border-top:1px solid var(--line);padding:1rem 0}ul.items li:first-child{border-top:0;padding-top:0}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid var(--line)}
        th{font-size:.9rem;color:var(--muted);font-weight:600}td.qty,th.qty{text-align:right;width:4rem}
        .codeset{border:1px dashed #9ca3af;border-radius:8px;padding:.6rem 1rem;margin:.6rem 0;background:#f9fafb}
        .codeset .row{display:flex;flex-wrap:wrap;align-items:baseline;gap:.15rem .75rem;padding:.2rem 0}
        .codeset .label{color:var(--muted);font-size:.9rem;min-width:3.5rem}
        .codeset code,pre.license{font:1.05rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;user-select:all;-webkit-user-select:all;overflow-wrap:anywhere}
        .codeset code{font-size:1.2rem;font-weight:600;letter-spacing:.04em}
        pre.license{white-space:pre-wrap;background:#f9fafb;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:.5rem 0}
        .instructions{white-space:pre-line}
        footer{max-width:44rem;margin:0 auto 2rem;padding:0 1.25rem;color:var(--muted);font-size:.95rem}
        .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (max-width:30rem){h1{font-size:1.35rem}.card{padding:1.1rem}button,.button{width:100%;text-align:center}}
        """;

    /// <summary>The CSP source that allows exactly this style sheet and no other inline style.</summary>
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'";

    public static string Render(StoreBranding store, string title, string body)
    {
        ArgumentNullException.ThrowIfNull(store);
        var logo = Html.SafeUrl(store.LogoUrl) is { } logoUrl && !logoUrl.StartsWith('/')
            ? $"<img src=\"{Html.Encode(logoUrl)}\" alt=\"\">"
            : string.Empty;
        var html = new StringBuilder(4096);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append(" – ").Append(Html.Encode(store.StoreName)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
            .Append("<header class=\"store\"><div class=\"bar\">").Append(logo)
            .Append("<span class=\"name\">").Append(Html.Encode(store.StoreName)).Append("</span></div></header>\n")
            .Append("<main id=\"main\">\n").Append(body).Append("</main>\n")
            .Append("<footer><p>Need help? Contact ").Append(Html.Encode(store.StoreName)).Append(" support at ")
            .Append(Html.MailLink(store.SupportEmail)).Append(".</p></footer>\n")
            .Append("</body>\n</html>\n");
        return html.ToString();
    }
}
