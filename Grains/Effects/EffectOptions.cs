using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>How a silo runs the effects its grains plan (section <c>Effects</c>).</summary>
public sealed class EffectOptions
{
    public const string SectionName = "Effects";

    /// <summary>Effects one silo runs at once. Default 64.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Failed attempts before an effect is given up (dead-lettered: review and alert). Default 8.</summary>
    [Range(1, 1_000)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay after the first failed attempt; doubled after each further one. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between attempts. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one dispatch may take before it is cancelled and counted as failed. Default 90 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long a grain waits for a dispatch it handed out to report back before it hands the effect out again
    /// (the runner was lost with its silo's process, or could not record its result). Default 3 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long a claim holds its effect against every other silo. A grain activated elsewhere (its silo died, froze or
    /// was stopped) hands the effect out again only once the claim is this old; the claiming runner, for its part,
    /// sends nothing for the effect later than <see cref="ClaimSendWindow"/> after claiming (see
    /// <see cref="EffectFence"/>), so a silo that freezes mid-call and resumes after the takeover calls nobody.
    /// Default 15 seconds: with the backstop reminder, a crashed silo's claimed effects resume within 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after its claim a runner may still send for an effect: four fifths of <see cref="ClaimLease"/>, the
    /// rest a margin for clocks that differ between silos.
    /// </summary>
    public TimeSpan ClaimSendWindow => ClaimLease * 0.8;

    /// <summary>How many finished steps a grain remembers to refuse planning them again. Default 512.</summary>
    [Range(16, 100_000)]
    public int RememberedSteps { get; set; } = 512;

    /// <summary>
    /// The period of the reminder a grain holds while work is pending: after its silo dies, the longest wait before
    /// another silo activates it and resumes. Orleans refuses periods under its <c>MinimumReminderPeriod</c> (the silo
    /// lowers it to 10 seconds). Default 15 seconds: a killed silo is declared dead in about 3.5 s and a frozen one in
    /// about 10 s, so pending effects and due wake-ups resume within 30 s of a crash; a tick of a grain whose work is
    /// under way is one cheap grain call, and only grains with work pending hold the reminder.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BackstopPeriod { get; set; } = TimeSpan.FromSeconds(15);
}
