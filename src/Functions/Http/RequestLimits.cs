using Governance.Core.Allocations;
using Governance.Core.Evidence;

namespace Governance.Functions.Http;

/// <summary>
/// How large a request body each route reads (请求大小上限), bound from the "Requests" section.
/// Only routes that carry files get more than <see cref="MaxBodyBytes"/>.
/// </summary>
public sealed class RequestLimits
{
    public const string Section = "Requests";

    /// <summary>
    /// Largest body of a route that carries no files (JSON and form reports, evaluations,
    /// applications, tokens), in bytes; 256 KB by default, ample for the longest report the forms allow.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Largest allocation import body: the table file's own limit plus room for a form's framing.</summary>
    public static long MaxImportBytes => AllocationImportService.MaxFileBytes + EvidenceOptions.MultipartAllowance;
}

/// <summary>Which limit a route's body gets.</summary>
public enum BodyKind
{
    /// <summary>Fields only: <see cref="RequestLimits.MaxBodyBytes"/>.</summary>
    Fields,

    /// <summary>An allocation table: <see cref="RequestLimits.MaxImportBytes"/>.</summary>
    Import,

    /// <summary>Evidence files: the web server's own limit, which follows <see cref="EvidenceOptions.MaxRequestBytes"/>.</summary>
    Files,
}
