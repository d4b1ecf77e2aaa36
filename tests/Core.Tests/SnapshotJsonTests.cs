using System.Text.Json;
using Governance.Core;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;

namespace Governance.Core.Tests;

/// <summary>
/// The summary's month snapshot is read by a hand-written reader on the dispatch's hot path; whatever it is
/// given, it must answer exactly what the serializer answers.
/// </summary>
public class SnapshotJsonTests
{
    public static TheoryData<string> Written() =>
    [
        Write(new StandingSummaryStore.Snapshot("2026-09", 107100m,
            new CommunityMetrics(1713, null, 308m, 184.5m, "居民委员会", 23, true, 3, false, true),
            [new RequirementProgress("FW-2", "in_progress", "按计划推进"), new RequirementProgress("FW-5", "done", null)])),
        Write(new StandingSummaryStore.Snapshot("2025-11", 0.50m,
            new CommunityMetrics(null, null, null, null, null, null, null, null, null, null), [])),
        Write(new StandingSummaryStore.Snapshot("2026-01", 12.340m,
            new CommunityMetrics(0, 25000, 0m, 0m, "其他", 0, false, 0, null, null),
            [new RequirementProgress("BJ-4", "not_started", "说明：\"引号\" <标签> & 'x' \\ 换行\n结束"), new RequirementProgress("XX-9", "custom", "")])),
    ];

    [Theory]
    [MemberData(nameof(Written))]
    public void A_snapshot_as_the_summary_writes_it_reads_as_the_serializer_reads_it(string json) =>
        AssertSame(JsonSerializer.Deserialize<StandingSummaryStore.Snapshot>(json, Governance.Core.Json.Options), SnapshotJson.Read(json));

    [Theory]
    [InlineData("""{"Period":"2026-09","SpentToDate":5,"Metrics":null,"Progress":[]}""")]
    [InlineData("""{"period":"2026-09","spentToDate":"5","metrics":null,"progress":null}""")]
    [InlineData("""{"period":"2026-09","spentToDate":5}""")]
    [InlineData("""{"period":"2026-09","spentToDate":5,"metrics":null,"progress":[],"extra":1}""")]
    [InlineData("""{"progress":[{"requirement":"BJ-1","status":"done"}],"metrics":{"households":"12"},"spentToDate":1.0,"period":"2026-01"}""")]
    public void Anything_written_otherwise_is_left_to_the_serializer(string json) =>
        AssertSame(JsonSerializer.Deserialize<StandingSummaryStore.Snapshot>(json, Governance.Core.Json.Options), SnapshotJson.Read(json));

    [Fact]
    public void Broken_json_fails_as_the_serializer_fails() =>
        Assert.ThrowsAny<JsonException>(() => SnapshotJson.Read("""{"period":"2026-09","spentToDate":5,"metrics":null,"progress":[]"""));

    private static string Write(StandingSummaryStore.Snapshot snapshot) => JsonSerializer.Serialize(snapshot, Governance.Core.Json.Options);

    private static void AssertSame(StandingSummaryStore.Snapshot? expected, StandingSummaryStore.Snapshot? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Period, actual.Period);
        // The scale too: 1.0 and 1 are written differently in the sheet.
        Assert.Equal(expected.SpentToDate.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.SpentToDate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.Metrics?.CentreArea?.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.Metrics?.CentreArea?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Progress?.ToList(), actual.Progress?.ToList());
    }
}
