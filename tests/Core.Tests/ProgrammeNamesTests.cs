using Governance.Core.Programme;

namespace Governance.Core.Tests;

public sealed class ProgrammeNamesTests
{
    [Theory]
    [InlineData("service-capacity", TaskType.ServiceCapacity)]
    [InlineData("城乡社区服务能力提升", TaskType.ServiceCapacity)]
    [InlineData("model-community", TaskType.ModelCommunity)]
    [InlineData("北疆示范社区创建", TaskType.ModelCommunity)]
    public void Task_types_are_read_from_code_or_chinese_name(string text, TaskType expected)
    {
        Assert.True(ProgrammeNames.TryParseTaskType(text, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void An_unknown_task_type_is_not_guessed()
    {
        Assert.False(ProgrammeNames.TryParseTaskType("社区建设", out _));
    }

    [Theory]
    [InlineData("罕台镇")]
    [InlineData("兴胜街道办事处")]
    [InlineData("巴音敖包嘎查")]
    [InlineData("O'Brien 社区")]
    [InlineData("乌兰木伦社区（一期）")]
    public void Real_names_are_accepted_as_keys(string name)
    {
        Assert.Null(ProgrammeNames.NameViolation(name, "责任单位"));
    }

    [Theory]
    [InlineData("罕台/镇", "“/”")]
    [InlineData("罕台\\镇", "“\\”")]
    [InlineData("罕台#镇", "“#”")]
    [InlineData("罕台?镇", "“?”")]
    [InlineData("罕台\u0001镇", "U+0001")]
    [InlineData("罕台\u001F镇", "U+001F")]
    [InlineData("罕台\u007F镇", "U+007F")]
    [InlineData("罕台\u0085镇", "U+0085")]
    [InlineData("罕台\u009F镇", "U+009F")]
    [InlineData("罕台\t镇", "制表符")]
    [InlineData("罕台\n镇", "换行")]
    [InlineData("罕台\u202E镇", "U+202E")]
    [InlineData("罕台\u2066镇", "U+2066")]
    [InlineData("", "不能为空")]
    [InlineData("   ", "不能为空")]
    public void Names_that_cannot_be_keys_are_refused_with_the_reason(string name, string reason)
    {
        var violation = ProgrammeNames.NameViolation(name, "责任单位");
        Assert.NotNull(violation);
        Assert.Contains(reason, violation);
    }

    [Fact]
    public void A_name_with_a_lone_surrogate_is_refused()
    {
        // Built at run time: an attribute argument cannot carry a lone surrogate through metadata.
        foreach (var c in new[] { '\uD800', '\uDC00' })
        {
            Assert.Contains("残缺", ProgrammeNames.NameViolation("罕台" + c + "镇", "责任单位"));
        }
    }

    [Fact]
    public void A_name_over_the_limit_is_refused_and_one_at_it_accepted()
    {
        Assert.Null(ProgrammeNames.NameViolation(new string('镇', ProgrammeNames.MaxNameLength), "责任单位"));
        Assert.Contains("不能超过", ProgrammeNames.NameViolation(new string('镇', ProgrammeNames.MaxNameLength + 1), "责任单位"));
    }
}
