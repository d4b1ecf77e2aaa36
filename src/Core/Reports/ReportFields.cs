using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Core.Input;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Rules;

namespace Governance.Core.Reports;

/// <summary>
/// Reads a monthly report from its fields (docs/openapi.yaml, MonthlyReport), whether they came as JSON or as form fields
/// (<c>metrics.households</c>, <c>progress[0].requirement</c>): both become one flat map of
/// field name → text, validated in one place so every bad field is named in one answer.
/// </summary>
public static partial class ReportFields
{
    public const int MaxTextLength = 2000;
    public const int MaxNoteLength = 500;
    public const decimal MaxAmount = 10_000_000_000m;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["summary"] = "本月进展",
        ["problems"] = "存在问题",
        ["nextPlan"] = "下月计划",
        ["fundsSpent"] = "本月支出金额（元）",
        ["metrics.households"] = "户数",
        ["metrics.urbanPopulation"] = "城镇人口",
        ["metrics.centreArea"] = "服务中心面积（平方米）",
        ["metrics.activityArea"] = "居民活动区域面积（平方米）",
        ["metrics.facilityOwner"] = "产权归属",
        ["metrics.communityWorkers"] = "社区工作者人数",
        ["metrics.volunteerTeam"] = "是否建立志愿者队伍",
        ["metrics.consultationProjects"] = "协商落实项目数",
        ["metrics.elderlyCareStation"] = "是否配建居家社区养老服务站",
        ["metrics.socialWorkRoom"] = "是否配建社会工作服务室",
    };

    /// <summary>Flattens a JSON report body; a malformed body is one 400.</summary>
    public static Dictionary<string, string> FromJson(JsonElement root, FieldErrors errors)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "请求内容应为一个JSON对象");
            return fields;
        }
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "metrics" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        AddScalar(fields, errors, "metrics." + m.Name, m.Value);
                    }
                    break;
                case "progress" when property.Value.ValueKind == JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            errors.Add($"progress[{i}]", ReportMessages.NotAnObject($"progress[{i}]"));
                        }
                        else
                        {
                            foreach (var p in item.EnumerateObject())
                            {
                                AddScalar(fields, errors, $"progress[{i}].{p.Name}", p.Value);
                            }
                        }
                        i++;
                    }
                    break;
                case "metrics" or "progress" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                default:
                    AddScalar(fields, errors, property.Name, property.Value);
                    break;
            }
        }
        return fields;
    }

    /// <summary>Validates the flat fields against the assignment's task type.</summary>
    public static MonthlyReportContent Parse(IReadOnlyDictionary<string, string> fields, TaskType taskType, FieldErrors errors)
    {
        var progress = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (name, value) in fields)
        {
            // Every field, known or not, however it came (JSON, form or multipart): one text policy.
            TextPolicy.Check(name, value, errors);
            if (Labels.ContainsKey(name))
            {
                continue;
            }
            var m = ProgressField().Match(name);
            if (m.Success)
            {
                var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!progress.TryGetValue(index, out var item))
                {
                    progress[index] = item = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                item[m.Groups[2].Value] = fields[name];
                continue;
            }
            errors.Add(name, ReportMessages.UnknownField(name));
        }

        var summary = Text(fields, errors, "summary", MaxTextLength, required: true) ?? "";
        var problems = Text(fields, errors, "problems", MaxTextLength, required: false);
        var nextPlan = Text(fields, errors, "nextPlan", MaxTextLength, required: false);
        var funds = Decimal(fields, errors, "fundsSpent", required: true) ?? 0m;

        var metrics = new CommunityMetrics(
            Integer(fields, errors, "metrics.households"),
            Integer(fields, errors, "metrics.urbanPopulation"),
            Decimal(fields, errors, "metrics.centreArea", required: false),
            Decimal(fields, errors, "metrics.activityArea", required: false),
            Text(fields, errors, "metrics.facilityOwner", 20, required: false),
            Integer(fields, errors, "metrics.communityWorkers"),
            Boolean(fields, errors, "metrics.volunteerTeam"),
            Integer(fields, errors, "metrics.consultationProjects"),
            Boolean(fields, errors, "metrics.elderlyCareStation"),
            Boolean(fields, errors, "metrics.socialWorkRoom"));
        metrics.Validate(errors);

        var items = new List<RequirementProgress>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var allowed = RequirementCatalogue.For(taskType).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, item) in progress)
        {
            var prefix = $"progress[{index}]";
            foreach (var key in item.Keys.Where(k => k is not ("requirement" or "status" or "note")))
            {
                errors.Add($"{prefix}.{key}", ReportMessages.UnknownField($"{prefix}.{key}"));
            }
            var requirement = item.GetValueOrDefault("requirement")?.Trim();
            if (string.IsNullOrEmpty(requirement))
            {
                errors.Add($"{prefix}.requirement", ReportMessages.Required("创建要求编号（如 FW-2）"));
            }
            else if (!allowed.Contains(requirement))
            {
                errors.Add($"{prefix}.requirement", ReportMessages.UnknownRequirement(requirement, taskType.ChineseName()));
            }
            else if (!seen.Add(requirement))
            {
                errors.Add($"{prefix}.requirement", ReportMessages.DuplicateRequirement(requirement));
            }
            var status = NormaliseStatus(item.GetValueOrDefault("status"));
            if (status is null)
            {
                errors.Add($"{prefix}.status", ReportMessages.UnknownStatus(item.GetValueOrDefault("status") ?? ""));
            }
            var note = item.GetValueOrDefault("note")?.Trim();
            if (note is { Length: > MaxNoteLength })
            {
                errors.Add($"{prefix}.note", ReportMessages.TooLong("进展说明", MaxNoteLength));
            }
            if (requirement is not null && status is not null)
            {
                items.Add(new RequirementProgress(requirement, status, string.IsNullOrEmpty(note) ? null : note));
            }
        }

        return new MonthlyReportContent(summary, problems, nextPlan, funds, items, metrics);
    }

    private static void AddScalar(Dictionary<string, string> fields, FieldErrors errors, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                fields[name] = value.GetString()!;
                break;
            case JsonValueKind.Number:
                fields[name] = value.GetRawText();
                break;
            case JsonValueKind.True:
                fields[name] = "true";
                break;
            case JsonValueKind.False:
                fields[name] = "false";
                break;
            case JsonValueKind.Null:
                break;
            default:
                errors.Add(name, ReportMessages.NotAnObject(name));
                break;
        }
    }

    private static string? Text(IReadOnlyDictionary<string, string> fields, FieldErrors errors, string name, int max, bool required)
    {
        var text = fields.GetValueOrDefault(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(name, ReportMessages.Required(Labels[name]));
            }
            return null;
        }
        if (text.Length > max)
        {
            errors.Add(name, ReportMessages.TooLong(Labels[name], max));
        }
        return text;
    }

    private static decimal? Decimal(IReadOnlyDictionary<string, string> fields, FieldErrors errors, string name, bool required)
    {
        var text = fields.GetValueOrDefault(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(name, ReportMessages.Required(Labels[name]) + "（无支出请填0）");
            }
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(name, ReportMessages.NotANumber(Labels[name], text));
            return null;
        }
        if (value < 0)
        {
            // Negative metrics are reported by CommunityMetrics.Validate; money is checked here.
            if (name == "fundsSpent")
            {
                errors.Add(name, ReportMessages.Negative(Labels[name]));
            }
            return value;
        }
        if (decimal.Round(value, 2) != value)
        {
            errors.Add(name, ReportMessages.TooManyDecimals(Labels[name]));
        }
        if (value > MaxAmount)
        {
            errors.Add(name, ReportMessages.TooLarge(Labels[name]));
        }
        // 20000, 20000.0 and 20000.00 are one amount; dropping the scale makes them hash alike.
        return value / 1.000000000000000000000000000000000m;
    }

    private static int? Integer(IReadOnlyDictionary<string, string> fields, FieldErrors errors, string name)
    {
        var text = fields.GetValueOrDefault(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(name, decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                ? ReportMessages.NotAnInteger(Labels[name], text)
                : ReportMessages.NotANumber(Labels[name], text));
            return null;
        }
        return value;
    }

    private static bool? Boolean(IReadOnlyDictionary<string, string> fields, FieldErrors errors, string name)
    {
        var text = fields.GetValueOrDefault(name)?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null or "":
                return null;
            case "true" or "1" or "是" or "有" or "on" or "yes":
                return true;
            case "false" or "0" or "否" or "无" or "no":
                return false;
            default:
                errors.Add(name, ReportMessages.NotABoolean(Labels[name], text));
                return null;
        }
    }

    private static string? NormaliseStatus(string? text) => text?.Trim() switch
    {
        "not_started" or "未开始" => "not_started",
        "in_progress" or "进行中" => "in_progress",
        "done" or "已完成" => "done",
        _ => null,
    };

    [GeneratedRegex(@"^progress\[(\d{1,2})\]\.(\w+)$")]
    private static partial Regex ProgressField();
}
