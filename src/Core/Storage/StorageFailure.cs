using Azure;

namespace Governance.Core.Storage;

/// <summary>Tells a storage outage (answer 503, try later) from a bug (answer 500).</summary>
public static class StorageFailure
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        RequestFailedException { Status: 503 or 500 or 502 or 504 } => true,
        HttpRequestException => true,
        TimeoutException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };
}
