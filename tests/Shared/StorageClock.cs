namespace Governance.Testing;

/// <summary>
/// The one clock a test reads from the machine, on purpose: the clock storage judges by. Azurite checks
/// a signed download link's expiry and stamps a blob's Last-Modified with the machine's time, and the
/// Azure SDK checks a credential's expiry the same way. Everything the app decides takes its time from
/// the injected <see cref="TimeProvider"/>; a test reads this only where storage's clock is the judge.
/// </summary>
public static class StorageClock
{
    public static DateTimeOffset Now => DateTimeOffset.UtcNow;
}
