using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Input;
using Governance.Core.Paging;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core.Auth;

/// <summary>Issues, checks and revokes access tokens (访问令牌). Only hashes are stored.</summary>
public sealed class TokenService(
    GovernanceStorage storage,
    UnitDirectory units,
    IOptions<AuthOptions> options,
    RecordsConnection records,
    TimeProvider clock,
    AuditLog audit,
    ILogger<TokenService> log)
{
    private const string TokenPrefix = "dsg";
    private const string RowKey = "token";
    public const int MaxNameLength = 50;

    // Decided once per process, so a refused value is logged once rather than on every request.
    private readonly Lazy<byte[]?> _bootstrapHash = new(() =>
    {
        var decision = BootstrapToken.Decide(options.Value, records);
        if (!decision.Usable && !string.IsNullOrEmpty(options.Value.BootstrapStaffToken))
        {
            log.LogWarning("The bootstrap staff token (Auth:BootstrapStaffToken) is refused: {Reason}. It will not authenticate.", decision.Reason);
        }
        return decision.Usable ? Hash(options.Value.BootstrapStaffToken!) : null;
    });

    /// <summary>Token request body: <c>{"role":"unit","unit":"罕台镇"}</c> or <c>{"role":"staff","name":"..."}</c>.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record IssueRequest(
        [property: JsonPropertyName("role")] string? Role,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("name")] string? Name);

    public sealed record IssuedToken(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("name")] string Name);

    /// <summary>Who a signed-in page is acting as (当前登录), so it can greet the clerk and show only what the role may do.</summary>
    public sealed record Session(
        [property: JsonPropertyName("tokenId")] string TokenId,
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("name")] string Name);

    public static Session Describe(Caller caller) =>
        new(caller.TokenId, caller.IsStaff ? "staff" : "unit", caller.Unit, caller.Name);

    /// <summary>One issued token as staff see it in the list (令牌清单): never the token nor its hash.</summary>
    public sealed record TokenSummary(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("issuedAt")] DateTimeOffset? IssuedAt,
        [property: JsonPropertyName("issuedBy")] string? IssuedBy,
        [property: JsonPropertyName("revokedAt")] DateTimeOffset? RevokedAt);

    public Task<Caller> AuthenticateAsync(string? authorizationHeader, CancellationToken ct) =>
        AuthenticateTokenAsync(BearerToken(authorizationHeader), ct);

    /// <summary>The caller a token acts as, however it was presented (header or form field); null or empty is the usual 401.</summary>
    public async Task<Caller> AuthenticateTokenAsync(string? token, CancellationToken ct)
    {
        var presented = string.IsNullOrWhiteSpace(token) ? throw AccessProblems.MissingToken() : token.Trim();
        var presentedHash = Hash(presented);

        if (_bootstrapHash.Value is { } bootstrap && CryptographicOperations.FixedTimeEquals(presentedHash, bootstrap))
        {
            return new Caller("bootstrap", Role.Staff, null, "初始管理令牌");
        }

        var id = TokenId(presented) ?? throw AccessProblems.UnknownToken();
        var table = await storage.TableAsync(StorageNames.TokensTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: ct);
        if (!found.HasValue || found.Value is not { } entity)
        {
            throw AccessProblems.UnknownToken();
        }
        var storedHash = Convert.FromHexString(entity.GetString("Hash") ?? "");
        if (!CryptographicOperations.FixedTimeEquals(presentedHash, storedHash) || entity.GetDateTimeOffset("RevokedAt") is not null)
        {
            throw AccessProblems.UnknownToken();
        }
        // Only an explicit role grants anything: a row without one (or with one this version does
        // not know) is refused, never taken for staff.
        return entity.GetString("Role") switch
        {
            "staff" => new Caller(id, Role.Staff, null, entity.GetString("Name") ?? ""),
            "unit" when entity.GetString("Unit") is { Length: > 0 } unit => new Caller(id, Role.Unit, unit, entity.GetString("Name") ?? unit),
            _ => throw AccessProblems.UnknownToken(),
        };
    }

    public async Task<IssuedToken> IssueAsync(Caller caller, IncomingForm form, CancellationToken ct)
    {
        // Only staff issue tokens: anyone else is refused before the body is read.
        caller.EnsureStaff();
        return await IssueAsync(caller, await form.ReadJsonAsync<IssueRequest>(ct), ct);
    }

    public async Task<IssuedToken> IssueAsync(Caller caller, IssueRequest? request, CancellationToken ct)
    {
        caller.EnsureStaff();
        var errors = new FieldErrors();
        var role = request?.Role?.Trim();
        var unit = request?.Unit?.Trim();
        var name = request?.Name?.Trim();
        if (role is not ("unit" or "staff"))
        {
            errors.Add("role", "角色必须是 unit（责任单位）或 staff（区民政局）。");
        }
        if (role == "unit")
        {
            if (string.IsNullOrEmpty(unit))
            {
                errors.Add("unit", "请填写责任单位名称，例如“罕台镇”。");
            }
            else if (ProgrammeNames.NameViolation(unit, "责任单位") is { } violation)
            {
                // Checked before the lookup: the name is a row key, and storage refuses some characters outright.
                errors.Add("unit", violation);
            }
            else if (!await units.ExistsAsync(unit, ct))
            {
                errors.Add("unit", $"责任单位“{unit}”不在任何年度的资金分配表中，请先导入分配表。");
            }
        }
        if (role == "staff" && string.IsNullOrEmpty(name))
        {
            errors.Add("name", "请填写工作人员姓名。");
        }
        if (name is { Length: > MaxNameLength })
        {
            errors.Add("name", $"姓名不能超过{MaxNameLength}个字符。");
        }
        else if (name is not null)
        {
            TextPolicy.Check("name", request?.Name, errors); // untrimmed: Trim would drop a trailing U+0085 unseen
        }
        errors.ThrowIfAny("invalid_token_request", "令牌申请有误");

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = $"{TokenPrefix}_{id}_{secret}";
        var displayName = role == "unit" ? name ?? unit! : name!;
        var entity = new TableEntity(id, RowKey)
        {
            ["Hash"] = Convert.ToHexString(Hash(token)),
            ["Role"] = role,
            ["Unit"] = role == "unit" ? unit : null,
            ["Name"] = displayName,
            ["IssuedBy"] = caller.Label,
            ["IssuedAt"] = clock.GetUtcNow(),
        };
        var table = await storage.TableAsync(StorageNames.TokensTable, ct);
        await table.AddEntityAsync(entity, ct);
        await audit.RecordAsync(caller, "token.issue", role == "unit" ? $"为{unit}签发令牌 {id}" : $"为工作人员{displayName}签发令牌 {id}", null, ct);
        return new IssuedToken(id, token, role!, role == "unit" ? unit : null, displayName);
    }

    /// <summary>GET /tokens: every token issued, revoked ones included, a page at a time in id order.</summary>
    public async Task<Paging.Page<TokenSummary>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        caller.EnsureStaff();
        var table = await storage.TableAsync(StorageNames.TokensTable, ct);
        return await TablePaging.ReadAsync(
            table.QueryAsync<TableEntity>($"RowKey eq '{RowKey}'", cancellationToken: ct), page, e => new TokenSummary(
                e.PartitionKey,
                e.GetString("Role") ?? "",
                e.GetString("Unit"),
                e.GetString("Name") ?? "",
                e.GetDateTimeOffset("IssuedAt") is { } issued ? BeijingTime.ToBeijing(issued) : null,
                e.GetString("IssuedBy"),
                e.GetDateTimeOffset("RevokedAt") is { } revoked ? BeijingTime.ToBeijing(revoked) : null), ct);
    }

    public async Task RevokeAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.EnsureStaff();
        var table = await storage.TableAsync(StorageNames.TokensTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: ct);
        if (!found.HasValue || found.Value is not { } entity)
        {
            throw new ProblemException(404, "token_not_found", "令牌不存在", $"没有编号为“{id}”的令牌。");
        }
        if (entity.GetDateTimeOffset("RevokedAt") is null)
        {
            entity["RevokedAt"] = clock.GetUtcNow();
            entity["RevokedBy"] = caller.Label;
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, ct);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Revoked concurrently by someone else: the token is revoked either way.
            }
            await audit.RecordAsync(caller, "token.revoke", $"撤销令牌 {id}（{entity.GetString("Name")}）", null, ct);
        }
    }

    private static string? BearerToken(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    private static string? TokenId(string token)
    {
        var parts = token.Split('_', 3);
        return parts.Length == 3 && parts[0] == TokenPrefix && parts[1].Length == 12 && parts[1].All(char.IsAsciiHexDigitLower)
            ? parts[1]
            : null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
