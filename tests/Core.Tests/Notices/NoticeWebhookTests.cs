using Governance.Core.Notices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Core.Tests.Notices;

/// <summary>
/// The webhook list as App Service passes it (<c>Notices__Webhooks__0__Unit</c>, <c>__Url</c>), read
/// by the app's own registration and checked at start. The robot key in an address never appears in a message.
/// </summary>
public sealed class NoticeWebhookTests
{
    private const string Key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private const string Robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Key;

    private static NoticeOptions Read(Dictionary<string, string?> settings)
    {
        // Environment-variable names, as App Service sets them.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            settings.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value)).Build();
        using var sp = new ServiceCollection().AddLogging().AddGovernance(configuration).BuildServiceProvider();
        return sp.GetRequiredService<IOptions<NoticeOptions>>().Value;
    }

    private static string Failure(Dictionary<string, string?> settings)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Read(settings));
        Assert.DoesNotContain(Key, e.Message);
        Assert.DoesNotContain("qyapi", e.Message);
        return e.Message;
    }

    [Fact]
    public void A_list_of_ascii_settings_gives_each_unit_its_robot()
    {
        var options = Read(new()
        {
            ["Notices__Webhooks__0__Unit"] = "罕台镇",
            ["Notices__Webhooks__0__Url"] = Robot,
            ["Notices__Webhooks__1__Unit"] = "兴胜街道办事处",
            ["Notices__Webhooks__1__Url"] = "http://127.0.0.1:8080/robot",
        });

        Assert.Equal(Robot, options.WebhookFor("罕台镇"));
        Assert.Equal("http://127.0.0.1:8080/robot", options.WebhookFor("兴胜街道办事处"));
        Assert.Null(options.WebhookFor("铜川镇"));
    }

    [Fact]
    public void An_impossible_unit_name_is_refused_naming_the_setting_index()
    {
        var message = Failure(new()
        {
            ["Notices__Webhooks__0__Unit"] = "罕台镇",
            ["Notices__Webhooks__0__Url"] = Robot,
            ["Notices__Webhooks__3__Unit"] = "罕台#镇",
            ["Notices__Webhooks__3__Url"] = Robot + "2",
            ["Notices__Webhooks__4__Unit"] = "兴胜\u0001",
            ["Notices__Webhooks__4__Url"] = Robot + "3",
        });

        Assert.Contains("Notices__Webhooks__3__Unit does not name a possible unit", message);
        Assert.Contains("Notices__Webhooks__4__Unit", message);
        Assert.DoesNotContain("Notices__Webhooks__0", message);
    }

    [Theory]
    [InlineData("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Key, "must be an https address")]
    [InlineData("ftp://127.0.0.1/robot?key=" + Key, "must be an https address")]
    [InlineData("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Key, "is not an absolute address")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/robot-" + Key + "/)", "is an unresolved Key Vault reference")]
    [InlineData(" ", "is missing")]
    public void An_address_that_is_not_absolute_https_is_refused_without_quoting_it(string url, string expected)
    {
        var message = Failure(new() { ["Notices__Webhooks__0__Unit"] = "罕台镇", ["Notices__Webhooks__0__Url"] = url });

        Assert.Contains("Notices__Webhooks__0__Url " + expected, message);
        Assert.DoesNotContain("KeyVault(", message);
    }

    [Fact]
    public void A_unit_with_two_robots_is_refused()
    {
        var message = Failure(new()
        {
            ["Notices__Webhooks__0__Unit"] = "罕台镇",
            ["Notices__Webhooks__0__Url"] = Robot,
            ["Notices__Webhooks__1__Unit"] = " 罕台镇 ",
            ["Notices__Webhooks__1__Url"] = Robot + "2",
        });

        Assert.Contains("Notices__Webhooks__0__Unit and Notices__Webhooks__1__Unit both name 罕台镇", message);
    }

    [Fact]
    public void The_retired_setting_named_after_the_unit_stops_the_app_instead_of_being_ignored()
    {
        var message = Failure(new() { ["Notices__Webhooks__罕台镇"] = Robot });

        Assert.Contains("Notices__Webhooks__罕台镇 has the retired shape", message);
        Assert.Contains("Notices__Webhooks__<n>__Unit", message);
    }
}
