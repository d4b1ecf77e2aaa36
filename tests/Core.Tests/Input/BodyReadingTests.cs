using System.Text;
using System.Text.Json;
using Governance.Core.Input;
using Governance.Core.Problems;

namespace Governance.Core.Tests.Input;

public sealed class BodyReadingTests
{
    [Fact]
    public void Json_with_bytes_that_are_not_utf8_is_invalid_encoding()
    {
        var body = Encoding.UTF8.GetBytes("{\"summary\":\"完成").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var p = Assert.Throws<ProblemException>(() => JsonBody.Parse(body, "invalid_report", "t"));
        Assert.Equal((400, "invalid_encoding"), (p.Status, p.Code));
    }

    [Theory]
    [InlineData("{\"summary\":\"ab\\ud800\"}", "summary", 3)]
    [InlineData("{\"metrics\":{\"facilityOwner\":\"\\udc00\"}}", "metrics.facilityOwner", 1)]
    [InlineData("{\"progress\":[{\"note\":\"ok\"},{\"note\":\"x\\ud83d\"}]}", "progress[1].note", 2)]
    public void An_escaped_lone_surrogate_is_a_field_error_naming_the_field(string json, string field, int position)
    {
        var p = Assert.Throws<ProblemException>(() => JsonBody.Parse(Encoding.UTF8.GetBytes(json), "invalid_report", "有误"));
        Assert.Equal((400, "invalid_report"), (p.Status, p.Code));
        var message = Assert.Single(p.Errors[field]);
        Assert.Contains($"第{position}个字符", message);
        Assert.Contains("代理项", message);
    }

    [Fact]
    public void A_lone_surrogate_in_a_field_name_is_refused_not_thrown()
    {
        var p = Assert.Throws<ProblemException>(() => JsonBody.Parse(Encoding.UTF8.GetBytes("{\"a\\ud800\":1}"), "invalid_report", "有误"));
        Assert.Equal("a\uFFFD", Assert.Single(p.Errors).Key);
    }

    [Fact]
    public void Escaped_pairs_a_bom_and_ordinary_escapes_parse()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"s\":\"\\ud83d\\ude00\\n\\t\\\"\"}")).ToArray();
        using var doc = JsonBody.Parse(bytes, "c", "t");
        Assert.Equal("😀\n\t\"", doc.RootElement.GetProperty("s").GetString());
        Assert.Equal("a\uD800\"b\\", JsonBody.Unescape("\"a\\ud800\\\"b\\\\\""));
    }

    [Fact]
    public void Malformed_json_is_invalid_json()
    {
        var p = Assert.Throws<ProblemException>(() => JsonBody.Parse(Encoding.UTF8.GetBytes("{\"s\":"), "c", "t"));
        Assert.Equal("invalid_json", p.Code);
    }

    [Theory]
    [InlineData("summary=%zz")]
    [InlineData("summary=100%")]
    [InlineData("summary=%E5%A")]
    public void A_form_with_a_broken_percent_escape_is_refused_as_an_encoding_error(string body)
    {
        var p = Assert.Throws<ProblemException>(() => UrlEncodedForm.Parse(Encoding.ASCII.GetBytes(body)));
        Assert.Equal("invalid_encoding", p.Code);
    }

    [Fact]
    public void A_form_decodes_plus_and_percent_escapes_and_keeps_the_last_value()
    {
        var fields = UrlEncodedForm.Parse(Encoding.ASCII.GetBytes("summary=%E5%AE%8C%E6%88%90+%E8%AE%BE%E8%AE%A1&a=1&a=2&&empty=&flag"));
        Assert.Equal("完成 设计", fields["summary"]);
        Assert.Equal("2", fields["a"]);
        Assert.Equal("", fields["empty"]);
        Assert.Equal("", fields["flag"]);
    }

    [Fact]
    public void A_form_with_escapes_that_are_not_utf8_is_invalid_encoding()
    {
        var p = Assert.Throws<ProblemException>(() => UrlEncodedForm.Parse(Encoding.ASCII.GetBytes("summary=%FF%FE")));
        Assert.Equal((400, "invalid_encoding"), (p.Status, p.Code));
        // An encoded surrogate (CESU-8) is not UTF-8 either.
        Assert.Equal("invalid_encoding", Assert.Throws<ProblemException>(() => UrlEncodedForm.Parse(Encoding.ASCII.GetBytes("s=%ED%A0%80"))).Code);
    }

    [Fact]
    public void A_form_with_more_than_1024_fields_is_too_many_fields()
    {
        Assert.Equal(1024, UrlEncodedForm.Parse(Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 1024).Select(i => $"f{i}=1")))).Count);
        var p = Assert.Throws<ProblemException>(() => UrlEncodedForm.Parse(Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 1025).Select(i => $"f{i}=1")))));
        Assert.Equal((400, "too_many_fields"), (p.Status, p.Code));
        Assert.Contains("1024", p.Detail);
    }

    [Fact]
    public void Field_errors_list_at_most_twenty_fields_and_count_the_rest()
    {
        var errors = new FieldErrors();
        for (var i = 0; i < 10_000; i++)
        {
            errors.Add(i + new string('x', 200), "无法识别的字段");
        }
        var p = Assert.Throws<ProblemException>(() => errors.ThrowIfAny("invalid_report", "有误"));
        Assert.Equal(FieldErrors.MaxFields + 1, p.Errors.Count);
        Assert.All(p.Errors.Keys, k => Assert.True(k.Length <= FieldErrors.MaxEcho + 1, k));
        Assert.Contains("另有9980处错误未列出", Assert.Single(p.Errors[FieldErrors.MoreKey]));
        Assert.Contains("另有9980处错误未列出", p.Detail);
        Assert.True(JsonSerializer.Serialize(p.Errors).Length < 4000);
    }

    [Fact]
    public void Echo_cleans_and_cuts_what_an_answer_quotes()
    {
        Assert.Equal("短", FieldErrors.Echo("短"));
        Assert.Equal(new string('a', 30) + "…", FieldErrors.Echo(new string('a', 31)));
        Assert.Equal("ab", FieldErrors.Echo("a\u0001b\u202E"));
        // A cut never leaves half of a surrogate pair behind.
        Assert.Null(TextPolicy.Violation(FieldErrors.Echo(new string('a', 29) + "😀😀")));
    }
}
