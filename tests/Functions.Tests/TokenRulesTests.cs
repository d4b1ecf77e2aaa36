using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace Governance.Functions.Tests;

/// <summary>Which tokens authenticate: the bootstrap value's rules, token rows without a role, and what issuing accepts.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TokenRulesTests(AzuriteServer azurite)
{
    private static async Task<HttpStatusCode> StatusWithAsync(TestApp app, string token)
    {
        using var response = await app.SendAsync(HttpMethod.Get, "programmes/2023/assignments", token: token);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("short-staff-token")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://dsgov-kv.vault.azure.net/secrets/bootstrap-staff-token/)")]
    public async Task A_short_bootstrap_value_or_an_unresolved_key_vault_reference_never_authenticates(string value)
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Auth:BootstrapStaffToken"] = value });
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(app, value));
    }

    [Fact]
    public async Task A_long_bootstrap_value_authenticates_as_staff()
    {
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Auth:BootstrapStaffToken"] = value });
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(app, value));
    }

    [Fact]
    public async Task The_local_value_works_over_the_emulator_until_the_bootstrap_is_switched_off()
    {
        await using (var on = await TestApp.StartAsync(azurite))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(on, "local-dev-staff-token"));
        }
        await using var off = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Auth:BootstrapEnabled"] = "false" });
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(off, "local-dev-staff-token"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("Staff")]
    public async Task A_token_row_without_a_known_role_is_unknown_not_staff(string? role)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = $"dsg_{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
        var tokens = app.Table("Tokens");
        await tokens.CreateIfNotExistsAsync();
        var row = new TableEntity(id, "token")
        {
            ["Hash"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
            ["Name"] = "来历不明",
        };
        if (role is not null)
        {
            row["Role"] = role;
        }
        await tokens.AddEntityAsync(row);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(app, token));
        row["Role"] = "staff";
        await tokens.UpdateEntityAsync(row, Azure.ETag.All);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(app, token));
    }

    [Theory]
    [InlineData("unit", "罕台/镇", null, "unit")]
    [InlineData("unit", "罕台#镇", null, "unit")]
    [InlineData("unit", "罕台\u0001镇", null, "unit")]
    [InlineData("unit", "罕台\u202E镇", null, "unit")]
    [InlineData("staff", null, "王\u0001科长", "name")]
    [InlineData("staff", null, "王\u202E科长", "name")]
    [InlineData("unit", "罕台镇", "联络员\u0007", "name")]
    public async Task Issuing_refuses_a_unit_that_cannot_be_a_key_and_a_name_breaking_the_text_policy(string role, string? unit, string? name, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();

        using var response = await app.SendAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role, unit, name }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        var issued = 0;
        try
        {
            await foreach (var _ in app.Table("Tokens").QueryAsync<TableEntity>())
            {
                issued++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No token was ever written, so the table was never even created.
        }
        Assert.Equal(0, issued);
    }

    [Fact]
    public async Task A_notice_query_for_a_name_no_unit_can_have_is_a_400()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.SendAsync(HttpMethod.Get, "notices?unit=" + Uri.EscapeDataString("罕台#镇"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("unit", out _), text);
    }
}
