using Governance.Core.Paging;
using Microsoft.AspNetCore.Http;

namespace Governance.Functions.Http;

/// <summary>Binds <c>?limit=</c> and <c>?continuation=</c> of a list route (400 <c>invalid_paging</c> naming the field).</summary>
public static class PageQuery
{
    public static PageRequest Of(HttpRequest req) =>
        PageRequest.Parse(req.Query["limit"].FirstOrDefault(), req.Query["continuation"].FirstOrDefault());
}
