using System.Globalization;
using System.Text.Json;
using Governance.Core.Assignments;
using Governance.Core.Input;
using Governance.Core.Problems;
using Governance.Core.Rules;

namespace Governance.Core.Evaluation;

/// <summary>
/// An evaluation as staff send it (completedOn, evaluatedOn, evaluator, results), checked against
/// the assignment's task type and the verdicts computed from the latest metrics. Every bad field is
/// named; nothing is returned unless all are good.
/// </summary>
/// <remarks><see cref="Experience"/> is the experience worth spreading (典型经验), quoted by the bulletin's commendation.</remarks>
public sealed record EvaluationInput(DateOnly CompletedOn, DateOnly EvaluatedOn, string Evaluator, IReadOnlyList<RequirementJudgement> Results, string? Experience)
{
    public const int MaxEvaluator = 50;
    public const int MaxNote = 1000;
    public const int MaxExperience = 1000;

    private static readonly string[] TopFields = ["completedOn", "evaluatedOn", "evaluator", "results", "experience"];
    private static readonly string[] ResultFields = ["requirement", "passed", "note"];

    public static EvaluationInput? Parse(
        JsonElement root,
        Assignment assignment,
        IReadOnlyList<RequirementVerdict> computed,
        DateOnly today,
        FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(computed);
        ArgumentNullException.ThrowIfNull(errors);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", EvaluationTexts.Required("验收记录（JSON 对象）"));
            return null;
        }
        foreach (var p in root.EnumerateObject().Where(p => !TopFields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(p.Name, EvaluationTexts.UnknownField(p.Name));
        }

        var completed = Date(root, "completedOn", "完成日期", errors);
        var evaluated = Date(root, "evaluatedOn", "验收日期", errors);
        var evaluator = Text(root, "evaluator", errors)?.Trim();
        if (string.IsNullOrEmpty(evaluator))
        {
            errors.Add("evaluator", EvaluationTexts.Required("验收人"));
        }
        else if (evaluator.Length > MaxEvaluator)
        {
            errors.Add("evaluator", EvaluationTexts.TooLong("验收人", MaxEvaluator));
        }

        var experience = Text(root, "experience", errors)?.Trim();
        if (experience?.Length > MaxExperience)
        {
            errors.Add("experience", EvaluationTexts.TooLong("典型经验", MaxExperience));
        }

        if (evaluated is { } e && e > today)
        {
            errors.Add("evaluatedOn", EvaluationTexts.EvaluatedInFuture(today));
        }
        if (completed is { } c)
        {
            if (evaluated is { } ev && c > ev)
            {
                errors.Add("completedOn", EvaluationTexts.CompletedAfterEvaluated);
            }
            if (c < assignment.StartDate)
            {
                errors.Add("completedOn", EvaluationTexts.CompletedBeforeStart(assignment.StartDate));
            }
        }

        var results = ParseResults(root, assignment, computed, errors);
        return errors.Any ? null : new EvaluationInput(completed!.Value, evaluated!.Value, evaluator!, results, string.IsNullOrEmpty(experience) ? null : experience);
    }

    private static List<RequirementJudgement> ParseResults(JsonElement root, Assignment assignment, IReadOnlyList<RequirementVerdict> computed, FieldErrors errors)
    {
        var results = new List<RequirementJudgement>();
        if (!root.TryGetProperty("results", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            errors.Add("results", EvaluationTexts.Required("逐项评定（results）"));
            return results;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("results", EvaluationTexts.ResultsNotAList);
            return results;
        }

        var requirements = RequirementCatalogue.For(assignment.TaskType);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var prefix = $"results[{i++}].";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(prefix[..^1], EvaluationTexts.ResultsNotAList);
                continue;
            }
            foreach (var p in item.EnumerateObject().Where(p => !ResultFields.Contains(p.Name, StringComparer.Ordinal)))
            {
                errors.Add(prefix + p.Name, EvaluationTexts.UnknownField(p.Name));
            }

            var id = Text(item, "requirement", errors, prefix)?.Trim();
            var note = Text(item, "note", errors, prefix)?.Trim();
            if (note is { Length: > MaxNote })
            {
                errors.Add(prefix + "note", EvaluationTexts.TooLong("说明", MaxNote));
            }
            bool? passed = item.TryGetProperty("passed", out var pv) ? pv.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            } : null;
            if (passed is null)
            {
                errors.Add(prefix + "passed", EvaluationTexts.PassedMissing);
            }

            if (string.IsNullOrEmpty(id))
            {
                errors.Add(prefix + "requirement", EvaluationTexts.Required("创建要求编号（如 FW-2）"));
                continue;
            }
            var requirement = requirements.FirstOrDefault(r => r.Id == id);
            if (requirement is null)
            {
                errors.Add(prefix + "requirement", EvaluationTexts.UnknownRequirement(id, assignment.TaskType));
                continue;
            }
            if (!seen.Add(id))
            {
                errors.Add(prefix + "requirement", EvaluationTexts.DuplicateRequirement(id));
                continue;
            }
            if (passed is { } judged && string.IsNullOrEmpty(note)
                && computed.FirstOrDefault(v => v.RequirementId == id) is { } verdict && Contradicts(requirement, verdict, judged))
            {
                errors.Add(prefix + "note", EvaluationTexts.Contradiction(verdict, judged));
            }
            results.Add(new RequirementJudgement(id, passed ?? false, string.IsNullOrEmpty(note) ? null : note));
        }

        foreach (var missing in requirements.Where(r => !seen.Contains(r.Id)))
        {
            errors.Add("results", EvaluationTexts.MissingRequirement(missing));
        }
        return requirements.Select(r => results.FirstOrDefault(j => j.Requirement == r.Id)).OfType<RequirementJudgement>().ToList();
    }

    /// <summary>
    /// A judgement needs a note when it goes against a computed verdict: failed though 达标, passed
    /// though 未达标, or passed though the figures are incomplete (数据不全) — staff must then say what
    /// they saw instead. Evidence-only requirements have no computed verdict to contradict.
    /// </summary>
    public static bool Contradicts(Requirement requirement, RequirementVerdict computed, bool passed)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(computed);
        if (requirement.Kind == RuleKind.Evidence)
        {
            return false;
        }
        return computed.State switch
        {
            RequirementState.Met => !passed,
            RequirementState.NotMet or RequirementState.DataIncomplete => passed,
            _ => false,
        };
    }

    private static string? Text(JsonElement obj, string name, FieldErrors errors, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + name, EvaluationTexts.NotText(name));
            return null;
        }
        var text = v.GetString();
        TextPolicy.Check(prefix + name, text, errors);
        return text;
    }

    private static DateOnly? Date(JsonElement root, string name, string label, FieldErrors errors)
    {
        var text = Text(root, name, errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (!errors.ToDictionary().ContainsKey(name))
            {
                errors.Add(name, EvaluationTexts.Required(label));
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(name, EvaluationTexts.NotADate(label, text));
            return null;
        }
        return day;
    }
}
