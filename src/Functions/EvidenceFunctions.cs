using Governance.Core.Evidence;
using Governance.Core.Paging;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class EvidenceFunctions(
    Api api, RequestForms forms, EvidenceUploads uploads, EvidenceRecords records, EvidenceDownloads downloads, EvidenceBundles bundles, EvidenceJanitor janitor)
{
    [Function("UploadEvidence")]
    public Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/evidence")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Created(await uploads.UploadAsync(caller, id, forms.Read(req), ct)), BodyKind.Files);

    [Function("ListEvidence")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}/evidence")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await records.ListAsync(caller, id, PageQuery.Of(req), ct)));

    [Function("GetEvidenceLink")]
    public Task<IActionResult> Link(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/{id}/link")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await downloads.LinkAsync(caller, id, ct)));

    [Function("BundleEvidence")]
    public Task<IActionResult> Bundle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/evidence/bundle")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await bundles.CreateAsync(caller, id, ct)));

    /// <summary>Removes evidence blobs left without a record (a crash between blob and row).</summary>
    [Function("SweepEvidence")]
    public Task Sweep([TimerTrigger("%EvidenceSweepSchedule%")] TimerInfo timer, CancellationToken ct) => janitor.SweepAsync(ct);
}
