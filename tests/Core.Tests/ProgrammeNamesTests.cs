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
}
