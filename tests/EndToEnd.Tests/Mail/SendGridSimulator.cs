using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

/// <summary>
/// A loopback stand-in for SendGrid's v3 Mail Send API: a real Kestrel server on 127.0.0.1 with a random port. It
/// checks the bearer key and the parts of the JSON SendGrid insists on, answering 401 and 400 with SendGrid's error
/// body as SendGrid does, 202 when all is well, and scripted answers (429, 500, …) before that when told to.
/// </summary>
internal sealed class SendGridSimulator : IAsyncDisposable
{
    public const string ApiKey = "SG.simulator-key.do-not-leak";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<JsonObject> _accepted = [];
    private readonly Queue<ScriptedAnswer> _script = new();
    private readonly Queue<TaskCompletionSource> _holds = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    private SendGridSimulator(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request to /v3/mail/send, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The bodies of the messages answered with 202.</summary>
    public IReadOnlyList<JsonObject> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public static async Task<SendGridSimulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new SendGridSimulator(app);
        app.MapPost("/v3/mail/send", (Delegate)simulator.MailSendAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address);
        return simulator;
    }

    /// <summary>The next request is answered with <paramref name="status"/> (after the key check).</summary>
    public void AnswerNext(HttpStatusCode status, string? retryAfter = null, string? body = null)
    {
        lock (_gate)
        {
            _script.Enqueue(new ScriptedAnswer(status, retryAfter, body));
        }
    }

    /// <summary>The next request waits, unanswered, until the returned source is completed.</summary>
    public TaskCompletionSource HoldNext()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _holds.Enqueue(release);
        }

        return release;
    }

    /// <summary>Completes once <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var hold in _holds)
            {
                hold.TrySetResult();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> MailSendAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var request = new ReceivedRequest(
            http.Request.Headers.Authorization.ToString(),
            http.Request.ContentType,
            body);
        TaskCompletionSource? hold;
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }

            hold = _holds.TryDequeue(out var h) ? h : null;
        }

        if (hold is not null)
        {
            await hold.Task.WaitAsync(http.RequestAborted);
        }

        if (request.Authorization != $"Bearer {ApiKey}")
        {
            return Errors(HttpStatusCode.Unauthorized, "The provided authorization grant is invalid, expired, or revoked", null);
        }

        ScriptedAnswer? scripted;
        lock (_gate)
        {
            scripted = _script.TryDequeue(out var s) ? s : null;
        }

        if (scripted is not null)
        {
            if (scripted.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = scripted.RetryAfter;
            }

            return Results.Text(scripted.Body ?? """{"errors":[{"field":null,"message":"scripted failure"}]}""", "application/json", statusCode: (int)scripted.Status);
        }

        JsonObject? mail;
        try
        {
            mail = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            mail = null;
        }

        if (mail is null)
        {
            return Errors(HttpStatusCode.BadRequest, "Bad Request", null);
        }

        if (Invalid(mail) is { } error)
        {
            return Errors(HttpStatusCode.BadRequest, error.Message, error.Field);
        }

        int accepted;
        lock (_gate)
        {
            _accepted.Add(mail);
            accepted = _accepted.Count;
        }

        http.Response.Headers["X-Message-Id"] = $"sim-{accepted}";
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>The first of SendGrid's own checks this message fails, with SendGrid's wording.</summary>
    private static (string Message, string Field)? Invalid(JsonObject mail)
    {
        if (mail["personalizations"] is not JsonArray { Count: > 0 } personalizations
            || personalizations[0]?["to"] is not JsonArray { Count: > 0 } to
            || to.Any(t => !IsAddress(t?["email"]?.GetValue<string>())))
        {
            return ("Does not contain a valid address.", "personalizations.0.to.0.email");
        }

        if (!IsAddress(mail["from"]?["email"]?.GetValue<string>()))
        {
            return ("The from email does not contain a valid address.", "from.email");
        }

        if (mail["reply_to"] is { } replyTo && !IsAddress(replyTo["email"]?.GetValue<string>()))
        {
            return ("The reply_to email does not contain a valid address.", "reply_to.email");
        }

        // SendGrid takes the subject from the message or, failing that, from every personalization.
        if (string.IsNullOrWhiteSpace(mail["subject"]?.GetValue<string>())
            && personalizations.Any(p => string.IsNullOrWhiteSpace(p?["subject"]?.GetValue<string>())))
        {
            return ("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject");
        }

        if (mail["content"] is not JsonArray { Count: > 0 } content || content.Any(c => string.IsNullOrEmpty(c?["value"]?.GetValue<string>())))
        {
            return ("The content value must be a string at least one character in length.", "content.0.value");
        }

        if (content.Count > 1 && content[0]?["type"]?.GetValue<string>() != "text/plain")
        {
            return ("If present, text/plain content must be first, followed by text/html, followed by any other content.", "content.0.type");
        }

        return null;
    }

    private static bool IsAddress(string? value) => System.Net.Mail.MailAddress.TryCreate(value, out _);

    private static IResult Errors(HttpStatusCode status, string message, string? field) =>
        Results.Json(new { errors = new[] { new { message, field, help = (string?)null } } }, statusCode: (int)status);

    /// <summary>One request as it arrived.</summary>
    public sealed record ReceivedRequest(string Authorization, string? ContentType, string Body)
    {
        public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;
    }

    private sealed record ScriptedAnswer(HttpStatusCode Status, string? RetryAfter, string? Body);
}
