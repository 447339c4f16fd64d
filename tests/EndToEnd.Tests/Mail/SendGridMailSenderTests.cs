using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.EndToEnd.Tests.Servers;
using Orleans.Delivery.Silo.Mail;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

public sealed class SendGridMailSenderTests : IAsyncLifetime
{
    private const int RetryingEventId = 3303;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private readonly List<ServiceProvider> _providers = [];
    private readonly RecordingLogger<SendGridMailSender> _log = new();
    private SendGridSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SendGridSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Send_Accepted_PostsTheJsonSendGridExpectsWithBearerKey()
    {
        var view = MailSamples.Codes();
        var email = DeliveryEmailComposer.Compose(view, $"{view.OrderId}:deliver");

        await Sender().SendAsync(email, CancellationToken.None);

        var request = Assert.Single(_simulator.Requests);
        Assert.Equal($"Bearer {SendGridSimulator.ApiKey}", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        var json = request.Json;
        var to = json["personalizations"]![0]!["to"]![0]!;
        Assert.Equal(view.CustomerEmail, (string?)to["email"]);
        Assert.Equal("Amina Otieno", (string?)to["name"]);
        Assert.Equal("orders@kijiji-games.test", (string?)json["from"]!["email"]);
        Assert.Equal("Kijiji Games Orders", (string?)json["from"]!["name"]);
        Assert.Equal("help@kijiji-games.test", (string?)json["reply_to"]!["email"]);
        Assert.Equal(email.Subject, (string?)json["personalizations"]![0]!["subject"]);
        Assert.Equal("text/plain", (string?)json["content"]![0]!["type"]);
        Assert.Equal(email.Text, (string?)json["content"]![0]!["value"]);
        Assert.Equal("text/html", (string?)json["content"]![1]!["type"]);
        Assert.Equal(email.Html, (string?)json["content"]![1]!["value"]);
        Assert.Equal(email.MessageId, (string?)json["headers"]![SendGridMailSender.MessageIdHeader]);
        Assert.Equal("auto-generated", (string?)json["headers"]!["Auto-Submitted"]);
        Assert.Equal(view.OrderId, (string?)json["headers"]!["X-Delivery-Order-ID"]);
        Assert.Single(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_NoNamesNoReplyTo_OmitsThemRatherThanSendingNulls()
    {
        var email = MailSamples.Plain(MailSamples.NewRecipient(), "bare") with { ToName = null, ReplyTo = null };

        await Sender().SendAsync(email, CancellationToken.None);

        var json = Assert.Single(_simulator.Requests).Json;
        Assert.False(json.ContainsKey("reply_to"));
        Assert.False(json["personalizations"]![0]!["to"]![0]!.AsObject().ContainsKey("name"));
        Assert.Single(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_RateLimitedWithRetryAfter_WaitsThatLongThenSendsOnce()
    {
        var clock = new TimerCountingTimeProvider();
        _simulator.AnswerNext(HttpStatusCode.TooManyRequests, retryAfter: "30");
        var email = MailSamples.Plain(MailSamples.NewRecipient(), "rate-limited");
        var sender = Sender(clock, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));

        var sending = sender.SendAsync(email, CancellationToken.None);
        var retrying = await _log.WaitForAsync(RetryingEventId, Bounded);
        await clock.WaitForTimersAsync(1, Bounded);

        Assert.Equal(TimeSpan.FromSeconds(30), retrying.Values["Delay"]);
        Assert.Single(_simulator.Requests);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(sending.IsCompleted);
        Assert.Single(_simulator.Requests);

        clock.Advance(TimeSpan.FromSeconds(1));
        await sending.WaitAsync(Bounded);

        Assert.Equal(2, _simulator.Requests.Count);
        Assert.Single(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_RateLimitedLongerThanWeWait_FailsAtOnceWithTheWait()
    {
        _simulator.AnswerNext(HttpStatusCode.TooManyRequests, retryAfter: "3600");
        var email = MailSamples.Plain(MailSamples.NewRecipient(), "long-wait");

        var failure = await Assert.ThrowsAsync<MailSendException>(() => Sender().SendAsync(email, CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Equal(TimeSpan.FromHours(1), failure.RetryAfter);
        Assert.Contains("429", failure.Message, StringComparison.Ordinal);
        Assert.Single(_simulator.Requests);
        Assert.Empty(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_ServerErrorTwiceThenAccepted_Sent()
    {
        _simulator.AnswerNext(HttpStatusCode.InternalServerError);
        _simulator.AnswerNext(HttpStatusCode.ServiceUnavailable);

        await Sender().SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "flaky"), CancellationToken.None);

        Assert.Equal(3, _simulator.Requests.Count);
        Assert.Single(_simulator.Accepted);
        Assert.Equal(2, _log.Entries.Count(e => e.EventId == RetryingEventId));
    }

    [Fact]
    public async Task Send_Retried_PollyReportsTheRetriesOfTheSendGridPipeline()
    {
        using var events = new ResilienceEvents();
        _simulator.AnswerNext(HttpStatusCode.ServiceUnavailable);
        _simulator.AnswerNext(HttpStatusCode.TooManyRequests, retryAfter: "0");

        await Sender().SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "telemetry"), CancellationToken.None);

        // No other test class sends through SendGrid, so these are this send's retries alone.
        Assert.Equal(2, events.Count(SendGridMailSender.PipelineKey, "OnRetry"));
        Assert.Single(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_ServerErrorEveryTime_TransientFailureAfterBoundedTries()
    {
        for (var i = 0; i < 4; i++)
        {
            _simulator.AnswerNext(HttpStatusCode.BadGateway, body: "<html>upstream down</html>");
        }

        var failure = await Assert.ThrowsAsync<MailSendException>(
            () => Sender().SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "down"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.IsNotType<MailRejectedException>(failure);
        Assert.Contains("502", failure.Message, StringComparison.Ordinal);
        Assert.Contains("upstream down", failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, _simulator.Requests.Count); // the first try and MaxRetryAttempts = 3
    }

    [Fact]
    public async Task Send_BadRequest_RejectedAtOnceWithSendGridsMessageAndNoKey()
    {
        var email = MailSamples.Plain(MailSamples.NewRecipient(), "bad-from") with { From = "orders-at-kijiji" };

        var failure = await Assert.ThrowsAsync<MailRejectedException>(() => Sender().SendAsync(email, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("400", failure.Message, StringComparison.Ordinal);
        Assert.Contains("The from email does not contain a valid address. (field from.email)", failure.Message, StringComparison.Ordinal);
        Assert.Contains(email.MessageId, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SendGridSimulator.ApiKey, failure.Message, StringComparison.Ordinal);
        Assert.Single(_simulator.Requests);
        Assert.Empty(_simulator.Accepted);
        Assert.All(_log.Entries, e => Assert.DoesNotContain(SendGridSimulator.ApiKey, e.Message, StringComparison.Ordinal));
        Assert.Contains(_log.Entries, e => e.EventId == 3302);
    }

    [Fact]
    public async Task Send_WrongApiKey_RejectedWithoutEchoingEitherKey()
    {
        const string wrongKey = "SG.wrong-key.secret-part";

        var failure = await Assert.ThrowsAsync<MailRejectedException>(() =>
            Sender(configure: o => o.ApiKey = wrongKey).SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "wrong-key"), CancellationToken.None));

        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
        Assert.Contains("authorization grant is invalid", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", failure.Message, StringComparison.Ordinal);
        Assert.All(_log.Entries, e => Assert.DoesNotContain("secret-part", e.Message, StringComparison.Ordinal));
        Assert.Equal($"Bearer {wrongKey}", Assert.Single(_simulator.Requests).Authorization);
        Assert.Empty(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_SlowAnswer_AttemptTimesOutAndTheRetryIsAccepted()
    {
        var held = _simulator.HoldNext();
        // The held attempt times out whatever the limit; the retry must answer within it, also on a busy machine.
        var sender = Sender(configure: o => o.AttemptTimeout = TimeSpan.FromSeconds(3));

        await sender.SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "slow"), CancellationToken.None);
        held.SetResult();

        Assert.Equal(2, _simulator.Requests.Count);
        Assert.Single(_simulator.Accepted);
    }

    [Fact]
    public async Task Send_NothingListening_TransientFailure()
    {
        var dead = await SendGridSimulator.StartAsync();
        var baseUrl = dead.BaseUrl;
        await dead.DisposeAsync();
        var sender = Sender(configure: o =>
        {
            o.BaseUrl = baseUrl;
            o.MaxRetryAttempts = 1;
        });

        var failure = await Assert.ThrowsAsync<MailSendException>(
            () => sender.SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "dead"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("unreachable", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, _log.Entries.Count(e => e.EventId is RetryingEventId or 3301));
    }

    [Fact]
    public async Task Send_BaseUrlWithPath_PostsBelowIt()
    {
        // An API root given without a trailing slash still keeps its path; here the simulator only has the root.
        var sender = Sender(configure: o => o.BaseUrl = new Uri(_simulator.BaseUrl.AbsoluteUri.TrimEnd('/')));

        await sender.SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "root"), CancellationToken.None);

        Assert.Single(_simulator.Accepted);
    }

    // Wired as the silo wires it (AddMail: the factory's HttpClient, the pipeline registered with Polly), with this
    // test's options, clock and logger.
    private SendGridMailSender Sender(TimeProvider? clock = null, Action<SendGridOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<SendGridMailSender>>(_log);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddMail(new ConfigurationBuilder().Build());
        services.Configure<MailOptions>(options =>
        {
            options.Provider = MailOptions.SendGridProvider;
            options.SendGrid = new SendGridOptions
            {
                ApiKey = SendGridSimulator.ApiKey,
                BaseUrl = _simulator.BaseUrl,
                // No real time passes between retries unless a test says otherwise.
                RetryBaseDelay = TimeSpan.Zero,
                AttemptTimeout = TimeSpan.FromSeconds(5),
            };
            configure?.Invoke(options.SendGrid);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<SendGridMailSender>();
    }
}
