using System.Text;
using static Governance.Functions.Tests.BadInput.Bodies;

namespace Governance.Functions.Tests.BadInput;

/// <summary>The programme the corpus is aimed at (ids and tokens made by the test's set-up).</summary>
internal sealed record CorpusProgramme(
    string Tianyuan,        // 罕台镇 / 田园社区, service capacity (FW-*), with a report, a file and an evaluation
    string Xinyuan,         // 兴胜街道办事处 / 新园社区, model community (BJ-*)
    string Hantai,          // unit token of 罕台镇
    string HantaiId,
    string Xingsheng,       // unit token of 兴胜街道办事处
    string XingshengId,
    string Revoked,         // a unit token of 罕台镇 that staff revoked
    string EvidenceId);     // the file 罕台镇 uploaded for 田园社区

/// <summary>
/// The bad-input corpus (恶意输入样本): requests across every route of docs/openapi.yaml, each of
/// which must be refused with a 4xx problem+json and must change nothing in storage. Every
/// request is otherwise as valid as it can be, so the one bad thing in it is what is tested.
/// </summary>
internal sealed class BadInputCorpus(CorpusProgramme p)
{
    private readonly List<CorpusCase> _cases = [];

    private readonly record struct Auth(string? Header, string Label);

    private static readonly Auth Staff = new("Bearer " + TestApp.StaffToken, "staff");
    private Auth Hantai => new("Bearer " + p.Hantai, "unit 罕台镇");
    private Auth Xingsheng => new("Bearer " + p.Xingsheng, "unit 兴胜街道办事处");

    // ---- valid bodies, each differing from what the set-up stored, so an accepted attack is a visible write

    private static readonly (string, string)[] ReportMembers =
    [
        ("summary", "\"完成招标文件编制\""),
        ("problems", "\"无\""),
        ("nextPlan", "\"开展施工\""),
        ("fundsSpent", "1000"),
        ("progress", "[{\"requirement\":\"FW-2\",\"status\":\"in_progress\",\"note\":\"推进中\"}]"),
        ("metrics", "{\"households\":810,\"centreArea\":320,\"facilityOwner\":\"基层政府\"}"),
    ];

    private static string Report => Object(ReportMembers);

    private static readonly (string, string)[] EvaluationMembers =
    [
        ("completedOn", "\"2026-11-01\""),
        ("evaluatedOn", "\"2026-11-09\""),
        ("evaluator", "\"区民政局 王芳\""),
        ("results", "[" + string.Join(",", new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核通过\"}}")) + "]"),
    ];

    private static string Evaluation => Object(EvaluationMembers);

    private static readonly (string, string)[] ApplicationMembers =
    [
        ("taskType", "\"service-capacity\""),
        ("community", "\"阳光社区\""),
        ("reason", "\"继续提升社区服务能力\""),
    ];

    private static string Application => Object(ApplicationMembers);

    private static readonly (string, string)[] StaffTokenMembers = [("role", "\"staff\""), ("name", "\"张三\"")];

    private const string NewRowCsv = "序号,责任单位,承接项目社区,分配金额,开始日期,任务类型\n1,罕台镇,阳光社区,5万元,2026-01-01,service-capacity\n";

    private static HttpContent Csv(string csv) => Text(csv, "text/csv");

    private static HttpContent EvidenceForm(string requirement = "FW-4", string period = "2026-10", string caption = "施工现场") =>
        Multipart(Field("requirement", requirement), Field("period", period), Field("caption", caption), File("施工现场二.jpg", EvidenceFiles.Jpeg(3000, seed: 9)));

    // ---- the hostile texts

    // 罕台镇进展 in GBK: not valid UTF-8.
    private static readonly byte[] Gbk = [0xBA, 0xB1, 0xCC, 0xA8, 0xD5, 0xF2, 0xBD, 0xF8, 0xD5, 0xB9];

    /// <summary>Bad text as a raw JSON string value (quotes included).</summary>
    private static readonly (string Name, byte[] Json)[] JsonTexts =
    [
        ("U+0001 escaped", U("\"进展\\u0001正常\"")),
        ("U+0001 raw", U("\"进展\u0001正常\"")),
        ("U+0000 escaped", U("\"进展\\u0000\"")),
        ("U+007F", U("\"进展\u007f\"")),
        ("U+0085 (C1)", U("\"进展\u0085\"")),
        ("U+202E", U("\"进展\u202egpj.exe\"")),
        ("U+2066 isolate", U("\"进展\u2066x\u2069\"")),
        ("U+FFFE", U("\"进展\ufffe\"")),
        ("U+FFFF escaped", U("\"进展\\uffff\"")),
        ("lone surrogate \\ud800", U("\"进展\\ud800\"")),
        ("lone surrogate \\udc00", U("\"\\udc00进展\"")),
        ("invalid UTF-8 FF FE", [.. "\"进展"u8, 0xFF, 0xFE, .. "\""u8]),
        ("overlong UTF-8 C0 AF", [.. "\"进展"u8, 0xC0, 0xAF, .. "\""u8]),
        ("UTF-8 surrogate ED A0 80", [.. "\"进展"u8, 0xED, 0xA0, 0x80, .. "\""u8]),
        ("GBK bytes as UTF-8", [(byte)'"', .. Gbk, (byte)'"']),
        ("200,000 chars", U(Quote(new string('长', 200_000)))),
    ];

    /// <summary>The few that matter most, for the second and later fields of a body.</summary>
    private static readonly (string Name, byte[] Json)[] JsonTextsShort =
        JsonTexts.Where(t => t.Name is "U+0001 escaped" or "U+202E" or "U+FFFE" or "lone surrogate \\ud800" or "invalid UTF-8 FF FE" or "GBK bytes as UTF-8").ToArray();

    /// <summary>Bad text as the raw bytes of a form or multipart value.</summary>
    private static readonly (string Name, byte[] Bytes)[] RawTexts =
    [
        ("U+0001", U("进展\u0001")),
        ("U+202E", U("进展\u202egpj.exe")),
        ("U+FFFE", U("进展\ufffe")),
        ("invalid UTF-8 FF FE", [.. "进展"u8, 0xFF, 0xFE]),
        ("UTF-8 surrogate ED A0 80", [.. "进展"u8, 0xED, 0xA0, 0x80]),
        ("GBK bytes as UTF-8", Gbk),
    ];

    /// <summary>Bad text percent-encoded in a urlencoded body.</summary>
    private static readonly (string Name, string Escaped)[] FormTexts =
    [
        ("%01", "%E8%BF%9B%01"), ("%00", "%E8%BF%9B%00"), ("%7F", "%7F"), ("C1 %C2%85", "%C2%85"),
        ("U+202E", "%E2%80%AEgpj.exe"), ("U+2066", "%E2%81%A6x"), ("U+FFFE", "%EF%BF%BE"), ("U+FFFF", "%EF%BF%BF"),
        ("surrogate %ED%A0%80", "%ED%A0%80"), ("invalid UTF-8 %FF%FE", "%FF%FE"), ("overlong %C0%AF", "%C0%AF"),
        ("GBK as UTF-8", "%BA%B1%CC%A8%D5%F2"),
    ];

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    // ---- building

    private void Add(string group, string name, HttpMethod method, string path, Auth auth, Func<HttpContent>? body = null,
        IReadOnlyList<(string, string)>? headers = null, Expect expect = Expect.Refusal) =>
        _cases.Add(new CorpusCase(group, name, method, path, auth.Header, auth.Label, body, headers, expect));

    private static Func<HttpContent> JsonBody(string json) => () => Text(json);

    private static Func<HttpContent> JsonBody((string, string)[] members, string field, byte[] rawValue) =>
        () => Bytes(Utf8With(With(members, field, Raw), rawValue), Json);

    public IReadOnlyList<CorpusCase> Build()
    {
        Authorization();
        UnitsAndRoles();
        Ids();
        Periods();
        Years();
        ReportJson();
        ReportForms();
        Evidence();
        EvaluationBodies();
        Applications();
        Tokens();
        Allocations();
        Queries();
        Health();
        return _cases;
    }

    /// <summary>Every authenticated route, with an otherwise valid request, under each bad Authorization header.</summary>
    private void Authorization()
    {
        var t = p.Tianyuan;
        var routes = new (string Name, HttpMethod Method, string Path, Func<HttpContent>? Body, (string, string)[]? Headers)[]
        {
            ("list assignments", HttpMethod.Get, "programmes/2026/assignments", null, null),
            ("get assignment", HttpMethod.Get, $"assignments/{t}", null, null),
            ("put report", HttpMethod.Put, $"assignments/{t}/reports/2026-10", JsonBody(Report), null),
            ("get report", HttpMethod.Get, $"assignments/{t}/reports/2026-10", null, null),
            ("upload evidence", HttpMethod.Post, $"assignments/{t}/evidence", () => EvidenceForm(), null),
            ("list evidence", HttpMethod.Get, $"assignments/{t}/evidence", null, null),
            ("evidence link", HttpMethod.Get, $"evidence/{p.EvidenceId}/link", null, null),
            ("bundle evidence", HttpMethod.Post, $"assignments/{t}/evidence/bundle", null, null),
            ("put evaluation", HttpMethod.Put, $"assignments/{t}/evaluation", JsonBody(Evaluation), [("If-Match", CorpusCase.CurrentETag)]),
            ("get evaluation", HttpMethod.Get, $"assignments/{t}/evaluation", null, null),
            ("outcomes", HttpMethod.Get, "programmes/2026/outcomes", null, null),
            ("apply", HttpMethod.Post, "programmes/2027/applications", JsonBody(Application), null),
            ("list applications", HttpMethod.Get, "programmes/2027/applications", null, null),
            ("import allocations", HttpMethod.Post, "programmes/2026/allocations", () => Csv(NewRowCsv), null),
            ("issue token", HttpMethod.Post, "tokens", JsonBody(Object(StaffTokenMembers)), null),
            ("revoke token", HttpMethod.Delete, $"tokens/{p.HantaiId}", null, null),
            ("run dispatch", HttpMethod.Post, "jobs/dispatch/run?period=2026-10", null, null),
            ("get dispatch", HttpMethod.Get, "dispatches/2026-10", null, null),
            ("get bulletin", HttpMethod.Get, "bulletins/2026-Q3", null, null),
            ("notices", HttpMethod.Get, "notices?period=2026-10", null, null),
            ("audit", HttpMethod.Get, $"audit?assignment={t}", null, null),
        };
        var staffBasic = Convert.ToBase64String(Encoding.UTF8.GetBytes("staff:" + TestApp.StaffToken));
        var bad = new Auth[]
        {
            new(null, "none"),
            new("Bearer", "'Bearer' without a token"),
            new("Basic " + staffBasic, "Basic with the staff token"),
            new("Bearer not-a-token", "garbled"),
            new("Bearer dsg_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown token id"),
            new("Bearer " + p.Revoked, "revoked unit token"),
            new($"Bearer dsg_{p.HantaiId}_{new string('A', 43)}", "real id, wrong secret (stale/expired)"),
        };
        foreach (var r in routes)
        {
            foreach (var a in bad)
            {
                Add("auth", $"{r.Name}: {a.Label}", r.Method, r.Path, a, r.Body, r.Headers);
            }
        }
        // A few more header shapes on one read and one write.
        var more = new Auth[]
        {
            new("Token " + TestApp.StaffToken, "wrong scheme 'Token' with the staff token"),
            new("Bearer @Microsoft.KeyVault(SecretUri=https://kv-2121.vault.azure.net/secrets/staff-token/)", "Key Vault reference string"),
            new("Bearer " + new string('x', 8000), "8,000-char token"),
            new("Bearer " + TestApp.StaffToken + " " + TestApp.StaffToken, "two tokens"),
            new("Bearer " + p.Hantai[..^1], "unit token cut by one char"),
        };
        foreach (var a in more)
        {
            Add("auth", $"list assignments: {a.Label}", HttpMethod.Get, "programmes/2026/assignments", a);
            Add("auth", $"issue token: {a.Label}", HttpMethod.Post, "tokens", a, JsonBody(Object(StaffTokenMembers)));
        }
    }

    /// <summary>A unit on staff routes and on another unit's assignment; staff on unit-only routes.</summary>
    private void UnitsAndRoles()
    {
        var t = p.Tianyuan;
        const string g = "roles";
        Add(g, "unit imports allocations", HttpMethod.Post, "programmes/2026/allocations", Hantai, () => Csv(NewRowCsv));
        Add(g, "unit imports a form it may not send", HttpMethod.Post, "programmes/2026/allocations", Hantai, () => Multipart(File("分配表.csv", U(NewRowCsv))));
        Add(g, "unit issues a staff token", HttpMethod.Post, "tokens", Hantai, JsonBody(Object(StaffTokenMembers)));
        Add(g, "unit issues a unit token for itself", HttpMethod.Post, "tokens", Hantai, JsonBody("{\"role\":\"unit\",\"unit\":\"罕台镇\"}"));
        Add(g, "unit revokes another unit's token", HttpMethod.Delete, $"tokens/{p.XingshengId}", Hantai);
        Add(g, "unit revokes its own token", HttpMethod.Delete, $"tokens/{p.HantaiId}", Hantai);
        Add(g, "unit records an evaluation", HttpMethod.Put, $"assignments/{t}/evaluation", Hantai, JsonBody(Evaluation), [("If-Match", CorpusCase.CurrentETag)]);
        Add(g, "unit records an evaluation with a malformed body", HttpMethod.Put, $"assignments/{t}/evaluation", Hantai, JsonBody("{\"evaluator\":"));
        Add(g, "unit bundles evidence", HttpMethod.Post, $"assignments/{t}/evidence/bundle", Hantai);
        Add(g, "unit reads the audit", HttpMethod.Get, $"audit?assignment={t}", Hantai);
        Add(g, "unit reads the general audit", HttpMethod.Get, "audit", Hantai);
        Add(g, "unit reads outcomes", HttpMethod.Get, "programmes/2026/outcomes", Hantai);
        Add(g, "unit lists applications", HttpMethod.Get, "programmes/2027/applications", Hantai);
        Add(g, "unit runs the dispatch", HttpMethod.Post, "jobs/dispatch/run?period=2026-10", Hantai);
        Add(g, "unit runs the bulletin", HttpMethod.Post, "jobs/bulletin/run?period=2026-Q3", Hantai);
        Add(g, "staff submits a report", HttpMethod.Put, $"assignments/{t}/reports/2026-10", Staff, JsonBody(Report));
        Add(g, "staff applies", HttpMethod.Post, "programmes/2027/applications", Staff, JsonBody(Application));
        Add(g, "staff applies with a malformed body", HttpMethod.Post, "programmes/2027/applications", Staff, JsonBody("{\"community\":"));

        Add(g, "other unit reads the assignment", HttpMethod.Get, $"assignments/{t}", Xingsheng);
        Add(g, "other unit submits a report", HttpMethod.Put, $"assignments/{t}/reports/2026-10", Xingsheng, JsonBody(Report));
        Add(g, "other unit submits a report as a form", HttpMethod.Put, $"assignments/{t}/reports/2026-10", Xingsheng, () => Form(("summary", "代报"), ("fundsSpent", "1")));
        Add(g, "other unit reads the report", HttpMethod.Get, $"assignments/{t}/reports/2026-10", Xingsheng);
        Add(g, "other unit uploads evidence", HttpMethod.Post, $"assignments/{t}/evidence", Xingsheng, () => EvidenceForm());
        Add(g, "other unit lists evidence", HttpMethod.Get, $"assignments/{t}/evidence", Xingsheng);
        Add(g, "other unit asks for a file's link", HttpMethod.Get, $"evidence/{p.EvidenceId}/link", Xingsheng);
        Add(g, "other unit reads the evaluation", HttpMethod.Get, $"assignments/{t}/evaluation", Xingsheng);
        Add(g, "other unit reads another unit's notices", HttpMethod.Get, "notices?unit=罕台镇", Xingsheng);
        Add(g, "unit submits for the other unit's assignment", HttpMethod.Put, $"assignments/{p.Xinyuan}/reports/2026-10", Hantai, JsonBody(Report));
    }

    /// <summary>Bad ids on every route that takes one.</summary>
    private void Ids()
    {
        var ids = new (string Name, string Segment)[]
        {
            ("unknown", "2026-00000000"),
            ("unknown, other year", "1999-1a2b3c4d"),
            ("..%2F traversal", "..%2F..%2Fdossiers"),
            ("..%5C traversal", "..%5C..%5Cevidence"),
            ("%2F", $"{p.Tianyuan}%2F2026-10"),
            ("4,000 chars", "2026-" + new string('a', 4000)),
            ("control chars %01%02", "2026-%01%02"),
            ("U+202E", "2026-%E2%80%AE1a2b"),
            ("quote", "2026-a'b"),
            ("invalid UTF-8 %FF%FE", "2026-%FF%FE"),
        };
        foreach (var (name, id) in ids)
        {
            const string g = "ids";
            Add(g, $"get assignment, id {name}", HttpMethod.Get, $"assignments/{id}", Staff);
            Add(g, $"put report, id {name}", HttpMethod.Put, $"assignments/{id}/reports/2026-10", Hantai, JsonBody(Report));
            Add(g, $"get report, id {name}", HttpMethod.Get, $"assignments/{id}/reports/2026-10", Staff);
            Add(g, $"upload evidence, id {name}", HttpMethod.Post, $"assignments/{id}/evidence", Hantai, () => EvidenceForm());
            Add(g, $"list evidence, id {name}", HttpMethod.Get, $"assignments/{id}/evidence", Staff);
            Add(g, $"bundle, id {name}", HttpMethod.Post, $"assignments/{id}/evidence/bundle", Staff);
            Add(g, $"put evaluation, id {name}", HttpMethod.Put, $"assignments/{id}/evaluation", Staff, JsonBody(Evaluation));
            Add(g, $"get evaluation, id {name}", HttpMethod.Get, $"assignments/{id}/evaluation", Staff);
            Add(g, $"evidence link, id {name}", HttpMethod.Get, $"evidence/{id}/link", Staff);
            Add(g, $"revoke token, id {name}", HttpMethod.Delete, $"tokens/{id}", Staff);
        }
        Add("ids", "evidence link, id of the assignment", HttpMethod.Get, $"evidence/{p.Tianyuan}/link", Staff);
        Add("ids", "evidence link, file id with the year cut off", HttpMethod.Get, $"evidence/{p.EvidenceId[5..]}/link", Staff);
        Add("ids", "revoke token, 12 hex of no token", HttpMethod.Delete, "tokens/0123456789ab", Staff);
    }

    private static readonly (string Name, string Value)[] BadMonths =
    [
        ("2026-13", "2026-13"), ("2026-00", "2026-00"), ("1999-01", "1999-01"), ("far future 2099-01", "2099-01"),
        ("2026-Q5", "2026-Q5"), ("garbage", "%E6%9C%80%E8%BF%91"), ("2026-1", "2026-1"), ("%01", "2026-%0110"),
        ("300 chars", "2026-" + new string('1', 295)), ("version key 2026-10.v0001", "2026-10.v0001"),
        ("U+202E", "2026-%E2%80%AE10"),
    ];

    private void Periods()
    {
        var t = p.Tianyuan;
        foreach (var (name, period) in BadMonths)
        {
            Add("periods", $"put report, period {name}", HttpMethod.Put, $"assignments/{t}/reports/{period}", Hantai, JsonBody(Report));
            Add("periods", $"get report, period {name}", HttpMethod.Get, $"assignments/{t}/reports/{period}", Hantai);
            Add("periods", $"get dispatch, period {name}", HttpMethod.Get, $"dispatches/{period}", Staff);
        }
        Add("periods", "get dispatch, month not yet compiled 2026-12", HttpMethod.Get, "dispatches/2026-12", Staff);
        Add("periods", "put report, month not yet begun 2026-12", HttpMethod.Put, $"assignments/{t}/reports/2026-12", Hantai, JsonBody(Report));

        foreach (var (name, period) in new[] { ("2026-13", "2026-13"), ("2026-00", "2026-00"), ("1999-01", "1999-01"), ("far future 2099-01", "2099-01"),
                     ("2026-Q5", "2026-Q5"), ("garbage", "abc"), ("missing", null), ("empty", ""), ("not yet ended 2026-11", "2026-11"), ("%01", "2026-%0110") })
        {
            Add("periods", $"run dispatch, period {name}", HttpMethod.Post, period is null ? "jobs/dispatch/run" : $"jobs/dispatch/run?period={period}", Staff);
        }
        foreach (var (name, quarter) in new[] { ("2026-Q5", "2026-Q5"), ("2026-Q0", "2026-Q0"), ("2026-13", "2026-13"), ("1999-Q1", "1999-Q1"),
                     ("far future 2099-Q1", "2099-Q1"), ("garbage", "abc"), ("missing", null), ("not yet ended 2026-Q4", "2026-Q4") })
        {
            Add("periods", $"run bulletin, period {name}", HttpMethod.Post, quarter is null ? "jobs/bulletin/run" : $"jobs/bulletin/run?period={quarter}", Staff);
        }
        foreach (var (name, quarter) in new[] { ("2026-Q5", "2026-Q5"), ("2026-Q0", "2026-Q0"), ("2026-13", "2026-13"), ("1999-Q1", "1999-Q1"),
                     ("far future 2099-Q1", "2099-Q1"), ("garbage", "abc"), ("2026Q3", "2026Q3"), ("300 chars", new string('Q', 300)) })
        {
            Add("periods", $"get bulletin, quarter {name}", HttpMethod.Get, $"bulletins/{quarter}", Staff);
        }
        Add("periods", "run reminders, period 2026-13", HttpMethod.Post, "jobs/reminders/run?period=2026-13", Staff);
        Add("periods", "run reminders, period garbage", HttpMethod.Post, "jobs/reminders/run?period=abc", Staff);
        Add("periods", "run reminders, closed month 2026-01", HttpMethod.Post, "jobs/reminders/run?period=2026-01", Staff);
        Add("periods", "run warnings, day 2026-02-30", HttpMethod.Post, "jobs/warnings/run?period=2026-02-30", Staff);
        Add("periods", "run warnings, day 2026-13-01", HttpMethod.Post, "jobs/warnings/run?period=2026-13-01", Staff);
        Add("periods", "run warnings, garbage", HttpMethod.Post, "jobs/warnings/run?period=abc", Staff);
        Add("periods", "run unknown job", HttpMethod.Post, "jobs/unknown/run?period=2026-10", Staff);
        Add("periods", "run job DISPATCH (case)", HttpMethod.Post, "jobs/DISPATCH/run?period=2026-10", Staff);
        Add("periods", "run job ..%2Fdispatch", HttpMethod.Post, "jobs/..%2Fdispatch/run?period=2026-10", Staff);
        Add("periods", "run job %01", HttpMethod.Post, "jobs/dispatch%01/run?period=2026-10", Staff);
    }

    private void Years()
    {
        foreach (var (name, year) in new[] { ("1999", "1999"), ("0", "0"), ("-1", "-1"), ("11 digits", "99999999999"), ("fullwidth ２０２６", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96"),
                     ("garbage", "abc"), ("far future 2099", "2099") })
        {
            Add("years", $"import, year {name}", HttpMethod.Post, $"programmes/{year}/allocations", Staff, () => Csv(NewRowCsv));
            Add("years", $"list assignments, year {name}", HttpMethod.Get, $"programmes/{year}/assignments", Staff);
            Add("years", $"outcomes, year {name}", HttpMethod.Get, $"programmes/{year}/outcomes", Staff);
            Add("years", $"list applications, year {name}", HttpMethod.Get, $"programmes/{year}/applications", Staff);
            Add("years", $"apply, year {name}", HttpMethod.Post, $"programmes/{year}/applications", Hantai, JsonBody(Application));
        }
    }

    /// <summary>The monthly report as JSON: malformed, mistyped, out of range, unknown, missing, hostile text, huge.</summary>
    private void ReportJson()
    {
        var path = $"assignments/{p.Tianyuan}/reports/2026-10";
        void Case(string name, Func<HttpContent> body) => Add("report json", name, HttpMethod.Put, path, Hantai, body);
        void Json(string name, string json) => Case(name, JsonBody(json));

        foreach (var (name, value) in JsonTexts)
        {
            Case($"summary {name}", JsonBody(ReportMembers, "summary", value));
        }
        foreach (var field in new[] { "problems", "nextPlan" })
        {
            foreach (var (name, value) in JsonTextsShort)
            {
                Case($"{field} {name}", JsonBody(ReportMembers, field, value));
            }
        }
        foreach (var (name, value) in JsonTextsShort)
        {
            Case($"progress[0].note {name}", () => Bytes(Utf8With(With(ReportMembers, "progress", $"[{{\"requirement\":\"FW-2\",\"status\":\"in_progress\",\"note\":{Raw}}}]"), value), Bodies.Json));
            Case($"metrics.facilityOwner {name}", () => Bytes(Utf8With(With(ReportMembers, "metrics", $"{{\"households\":810,\"facilityOwner\":{Raw}}}"), value), Bodies.Json));
        }

        Json("malformed: truncated", "{\"summary\":\"完成");
        Json("malformed: trailing comma", Report[..^1] + ",}");
        Json("malformed: single quotes", "{'summary':'完成','fundsSpent':1}");
        Json("malformed: trailing garbage", Report + "xyz");
        Json("malformed: NaN", With(ReportMembers, "fundsSpent", "NaN"));
        Json("malformed: comment", "/* 注释 */" + Report);
        Json("malformed: lone [", "[");
        Json("malformed: two objects", Report + Report);
        Json("wrong type: array root", "[" + Report + "]");
        Json("wrong type: string root", "\"完成招标\"");
        Json("wrong type: number root", "42");
        Json("wrong type: null root", "null");
        Json("wrong type: summary object", With(ReportMembers, "summary", "{\"a\":1}"));
        Json("wrong type: progress object", With(ReportMembers, "progress", "{}"));
        Json("wrong type: progress of numbers", With(ReportMembers, "progress", "[1,2]"));
        Json("wrong type: metrics array", With(ReportMembers, "metrics", "[]"));
        Json("wrong type: volunteerTeam \"maybe\"", With(ReportMembers, "metrics", "{\"volunteerTeam\":\"maybe\"}"));
        foreach (var (name, value) in new[] { ("-1", "-1"), ("-0.01", "-0.01"), ("1e400", "1e400"), ("1e30", "1e30"), ("decimal overflow", "79228162514264337593543950336"),
                     ("three decimals", "12.345"), ("0.001", "0.001"), ("text 很多", "\"很多\""), ("true", "true"), ("null", "null"), ("array", "[1]"), ("Infinity", "Infinity") })
        {
            Json($"fundsSpent {name}", With(ReportMembers, "fundsSpent", value));
        }
        foreach (var (name, value) in new[] { ("2147483648", "2147483648"), ("-1", "-1"), ("1.5", "1.5"), ("text 八百", "\"八百\""), ("24 digits", "999999999999999999999999") })
        {
            Json($"metrics.households {name}", With(ReportMembers, "metrics", $"{{\"households\":{value}}}"));
        }
        foreach (var (name, value) in new[] { ("1e309", "1e309"), ("-320", "-320"), ("three decimals", "320.123") })
        {
            Json($"metrics.centreArea {name}", With(ReportMembers, "metrics", $"{{\"centreArea\":{value}}}"));
        }
        Json("progress status unknown", With(ReportMembers, "progress", "[{\"requirement\":\"FW-2\",\"status\":\"half\"}]"));
        Json("progress requirement of the other task", With(ReportMembers, "progress", "[{\"requirement\":\"BJ-2\",\"status\":\"done\"}]"));
        Json("progress requirement twice", With(ReportMembers, "progress", "[{\"requirement\":\"FW-2\",\"status\":\"done\"},{\"requirement\":\"FW-2\",\"status\":\"done\"}]"));
        Json("progress 10,000 items", With(ReportMembers, "progress", "[" + string.Join(",", Enumerable.Repeat("{\"requirement\":\"FW-2\",\"status\":\"done\"}", 10_000)) + "]"));
        Json("unknown field", With(ReportMembers, "colour", "\"red\""));
        Json("unknown metric", With(ReportMembers, "metrics", "{\"households\":810,\"swimmingPools\":3}"));
        Json("5,000 unknown fields", Object([.. ReportMembers, .. Enumerable.Range(0, 5000).Select(i => ($"x{i:D5}{new string('k', 100)}", "1"))]));
        Json("missing summary", Object(ReportMembers.Where(m => m.Item1 != "summary").ToArray()));
        Json("missing fundsSpent", Object(ReportMembers.Where(m => m.Item1 != "fundsSpent").ToArray()));
        Json("empty object", "{}");
        Json("deep nesting: 10,000 [", new string('[', 10_000) + new string(']', 10_000));
        Json("deep nesting: summary 500 levels", With(ReportMembers, "summary", new string('[', 500) + new string(']', 500)));
        Json("deep nesting: metrics 200 objects", With(ReportMembers, "metrics", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));
        Case("empty body", () => Bytes([], Bodies.Json));
        Case("BOM only", () => Bytes([0xEF, 0xBB, 0xBF], Bodies.Json));
        Case("whitespace only", () => Text("   \r\n  "));
        Case("UTF-16 body", () => Bytes(Encoding.Unicode.GetBytes(Report), "application/json; charset=utf-16"));
        Case("GBK body declared UTF-8", () => Bytes(Encoding.UTF8.GetBytes(Report).Length > 0 ? [.. "{\"summary\":\""u8, .. Gbk, .. "\",\"fundsSpent\":1}"u8] : [], "application/json; charset=utf-8"));
        Case("content type text/plain", () => Text(Report, "text/plain"));
        Case("content type application/xml", () => Text("<report><summary>完成</summary></report>", "application/xml"));
        Case("no content type", () => Bytes(U(Report), null));
        Case("content type garbage", () => Text(Report, "%%%/;;;"));
        Case("multipart without boundary", () => Text(Report, "multipart/form-data"));
        Case("urlencoded holding JSON", () => Text(Report, FormType));
        Case("25 MB JSON (streamed)", () => Streamed("{\"fundsSpent\":1,\"summary\":\"", (byte)'a', 25L * 1024 * 1024, "\"}", Bodies.Json));
    }

    /// <summary>The monthly report as a urlencoded or multipart form.</summary>
    private void ReportForms()
    {
        var path = $"assignments/{p.Tianyuan}/reports/2026-10";
        void Case(string name, Func<HttpContent> body) => Add("report form", name, HttpMethod.Put, path, Hantai, body);
        const string rest = "&fundsSpent=1000&metrics.households=810";

        foreach (var (name, escaped) in FormTexts)
        {
            Case($"urlencoded summary {name}", () => RawForm("summary=" + escaped + rest));
        }
        Case("urlencoded 1,100 fields", () => RawForm("summary=%E5%AE%8C%E6%88%90" + rest + string.Concat(Enumerable.Range(0, 1100).Select(i => $"&x{i}=1"))));
        Case("urlencoded 1,100 progress notes", () => RawForm("summary=%E5%AE%8C%E6%88%90" + rest + string.Concat(Enumerable.Range(0, 1100).Select(i => $"&progress[{i}].note=a"))));
        Case("urlencoded 5 MB value (streamed)", () => Streamed("fundsSpent=1&summary=", (byte)'a', 5L * 1024 * 1024, "", FormType));
        Case("urlencoded 25 MB (streamed)", () => Streamed("fundsSpent=1&summary=", (byte)'a', 25L * 1024 * 1024, "", FormType));
        Case("urlencoded fundsSpent -1", () => RawForm("summary=a&fundsSpent=-1"));
        Case("urlencoded fundsSpent 1e400", () => RawForm("summary=a&fundsSpent=1e400"));
        Case("urlencoded households abc", () => RawForm("summary=a&fundsSpent=1&metrics.households=abc"));
        Case("urlencoded unknown field", () => RawForm("summary=a&fundsSpent=1&colour=red"));
        Case("urlencoded bad escape %ZZ", () => RawForm("summary=%ZZ&fundsSpent=1"));
        Case("urlencoded empty names", () => RawForm("=&&==&=" + rest));
        Case("urlencoded progress index 99999999999", () => RawForm("summary=a&fundsSpent=1&progress[99999999999].requirement=FW-2"));
        Case("urlencoded progress index -1", () => RawForm("summary=a&fundsSpent=1&progress[-1].requirement=FW-2"));
        Case("urlencoded empty body", () => RawForm(""));

        Part[] Fields(string summary = "完成") => [Field("summary", summary), Field("fundsSpent", "1000")];
        foreach (var (name, bytes) in RawTexts)
        {
            Case($"multipart summary {name}", () => Multipart(Field("summary", bytes), Field("fundsSpent", "1000")));
        }
        Case("multipart without boundary", () => Text("--x\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\na\r\n--x--\r\n", "multipart/form-data"));
        Case("multipart unterminated", () => Multipart("corpus-boundary-7d1f", terminated: false, Fields()));
        Case("multipart garbage after the boundary", () => Text("--corpus-boundary-7d1f\r\ngarbage\r\n\r\n", "multipart/form-data; boundary=corpus-boundary-7d1f"));
        Case("multipart 200-char boundary", () => Multipart(new string('b', 200), true, Fields()));
        Case("multipart file named U+202E", () => Multipart([.. Fields(), File("现场\u202egpj.exe", EvidenceFiles.Jpeg(2000, seed: 11))]));
        Case("multipart file named with U+0001", () => Multipart([.. Fields(), File("现场\u0001.jpg", EvidenceFiles.Jpeg(2000, seed: 12))]));
        Case("multipart file of HTML", () => Multipart([.. Fields(), File("页面.html", U("<html><script>alert(1)</script></html>"))]));
        Case("multipart file named .. with a bad summary", () => Multipart([Field("summary", U("进展\u0001")), Field("fundsSpent", "1000"), File("..", EvidenceFiles.Jpeg(2000, seed: 13))]));
        Case("multipart file named empty with a bad fundsSpent", () => Multipart([Field("summary", "完成"), Field("fundsSpent", "-1"), File("", EvidenceFiles.Jpeg(2000, seed: 14))]));
        Case("multipart 1,100 fields", () => Multipart([.. Fields(), .. Enumerable.Range(0, 1100).Select(i => Field($"x{i}", "1"))]));
        Case("multipart 40 KB part header", () => Multipart([.. Fields(), new Part(U("Content-Disposition: form-data; name=\"x\"; y=\"" + new string('h', 40_000) + "\""), U("1"), null)]));
    }

    /// <summary>Evidence uploads: content types, fields, periods, captions, file names and kinds.</summary>
    private void Evidence()
    {
        var path = $"assignments/{p.Tianyuan}/evidence";
        void Case(string name, Func<HttpContent> body) => Add("evidence", name, HttpMethod.Post, path, Hantai, body);
        // Each case its own bytes: an accepted file is then a new blob, never a duplicate of the last one.
        var seed = 100;
        byte[] jpeg() => EvidenceFiles.Jpeg(3000, seed: ++seed);
        Part[] Fields(string requirement = "FW-4", string period = "2026-10") => [Field("requirement", requirement), Field("period", period)];

        Case("JSON instead of multipart", JsonBody("{\"requirement\":\"FW-4\",\"period\":\"2026-10\"}"));
        Case("a JPEG as the body", () => Bytes(jpeg(), "image/jpeg"));
        Case("no content type", () => Bytes(jpeg(), null));
        Case("urlencoded", () => Form(("requirement", "FW-4"), ("period", "2026-10")));
        Case("multipart without boundary", () => Bytes(jpeg(), "multipart/form-data"));
        Case("multipart empty body", () => Bytes([], "multipart/form-data; boundary=corpus-boundary-7d1f"));
        Case("multipart BOM only", () => Bytes([0xEF, 0xBB, 0xBF], "multipart/form-data; boundary=corpus-boundary-7d1f"));
        Case("multipart unterminated", () => Multipart("corpus-boundary-7d1f", terminated: false, [.. Fields(), File("照片.jpg", jpeg())]));
        Case("no file", () => Multipart(Fields()));
        Case("no requirement", () => Multipart(Field("period", "2026-10"), File("照片.jpg", jpeg())));
        Case("no period", () => Multipart(Field("requirement", "FW-4"), File("照片.jpg", jpeg())));
        Case("requirement of the other task BJ-3", () => Multipart([.. Fields("BJ-3"), File("照片.jpg", jpeg())]));
        Case("requirement FW-99", () => Multipart([.. Fields("FW-99"), File("照片.jpg", jpeg())]));
        foreach (var (name, bytes) in RawTexts)
        {
            Case($"requirement {name}", () => Multipart(Field("requirement", bytes), Field("period", "2026-10"), File("照片.jpg", jpeg())));
        }
        foreach (var (name, period) in new[] { ("2026-13", "2026-13"), ("2026-00", "2026-00"), ("1999-01", "1999-01"), ("far future 2099-01", "2099-01"), ("2026-Q5", "2026-Q5"), ("garbage", "最近") })
        {
            Case($"period {name}", () => Multipart([.. Fields(period: period), File("照片.jpg", jpeg())]));
        }
        foreach (var (name, bytes) in RawTexts)
        {
            Case($"caption {name}", () => Multipart([.. Fields(), Field("caption", bytes), File("照片.jpg", jpeg())]));
        }
        Case("caption 201 chars", () => Multipart([.. Fields(), Field("caption", new string('说', 201)), File("照片.jpg", jpeg())]));
        Case("caption 1 MB", () => Multipart([.. Fields(), Field("caption", new string('说', 350_000)), File("照片.jpg", jpeg())]));

        Case("file name U+202E", () => Multipart([.. Fields(), File("照片\u202egpj.exe", jpeg())]));
        Case("file name U+0001", () => Multipart([.. Fields(), File("照\u0001片.jpg", jpeg())]));
        Case("file name U+001B", () => Multipart([.. Fields(), File("照片\u001b[31m.jpg", jpeg())]));
        Case("file name U+FFFE", () => Multipart([.. Fields(), File("照片\ufffe.jpg", jpeg())]));
        Case("file name invalid UTF-8", () => Multipart([.. Fields(), FileRaw([.. "照片"u8, 0xFF, 0xFE, .. ".jpg"u8], jpeg())]));
        Case("file name GBK bytes as UTF-8", () => Multipart([.. Fields(), FileRaw([.. Gbk, .. ".jpg"u8], jpeg())]));
        Case("file name* U+202E", () => Multipart([.. Fields(), FileStar("%E7%85%A7%E2%80%AEgpj.exe", jpeg())]));
        Case("file name* %01", () => Multipart([.. Fields(), FileStar("%01a.jpg", jpeg())]));
        Case("file name* lone surrogate %ED%A0%80", () => Multipart([.. Fields(), FileStar("%ED%A0%80.jpg", jpeg())]));
        // A name of dots, an empty or reserved name is made safe rather than refused, so these also
        // carry a second file the server must refuse: the whole request is refused and nothing stays.
        var html = U("<html><body>not a photo</body></html>");
        Case("file named .. beside a refused file", () => Multipart([.. Fields(), File("..", jpeg()), File("说明.html", html)]));
        Case("file named ../../x.jpg beside a refused file", () => Multipart([.. Fields(), File("../../x.jpg", jpeg()), File("说明.html", html)]));
        Case("file named empty beside a refused file", () => Multipart([.. Fields(), File("", jpeg()), File("说明.html", html)]));
        Case("file named CON beside a refused file", () => Multipart([.. Fields(), File("CON", jpeg()), File("说明.html", html)]));
        Case("file named 5,000 chars beside a refused file", () => Multipart([.. Fields(), File(new string('名', 5000) + ".jpg", jpeg()), File("说明.html", html)]));
        Case("a good file then a bad period field", () => Multipart([Field("requirement", "FW-4"), File("照片.jpg", jpeg()), Field("period", "2026-13")]));
        Case("file of HTML", () => Multipart([.. Fields(), File("说明.html", html)]));
        Case("file of an EXE (MZ)", () => Multipart([.. Fields(), File("run.exe", [0x4D, 0x5A, 0x90, 0x00, .. new byte[500]])]));
        Case("file run.cmd", () => Multipart([.. Fields(), File("run.cmd", U("@echo off\r\ndel /q *\r\n"))]));
        Case("zip with only a word/ entry (not a .docx)", () => Multipart([.. Fields(), File("纪要.docx", EvidenceFiles.Zip("word/evil.txt"))]));
        Case("zip with only an xl/ entry (not a .xlsx)", () => Multipart([.. Fields(), File("台账.xlsx", EvidenceFiles.Zip("xl/evil.txt"))]));
        Case("empty file", () => Multipart([.. Fields(), File("照片.jpg", [])]));
        Case("1,100 fields and a file", () => Multipart([.. Fields(), .. Enumerable.Range(0, 1100).Select(i => Field($"x{i}", "1")), File("照片.jpg", jpeg())]));
        Case("40 KB part header", () => Multipart([.. Fields(), new Part(U("Content-Disposition: form-data; name=\"file\"; filename=\"" + new string('h', 40_000) + ".jpg\""), jpeg(), "image/jpeg")]));
    }

    /// <summary>Evaluation bodies (sent as a revision with the current ETag, so the body is what is judged) and bad preconditions.</summary>
    private void EvaluationBodies()
    {
        var path = $"assignments/{p.Tianyuan}/evaluation";
        (string, string)[] ifMatch = [("If-Match", CorpusCase.CurrentETag)];
        void Case(string name, Func<HttpContent> body, (string, string)[]? headers = null) =>
            Add("evaluation", name, HttpMethod.Put, path, Staff, body, headers ?? ifMatch);
        void Json(string name, string json) => Case(name, JsonBody(json));

        foreach (var (name, value) in JsonTexts)
        {
            Case($"evaluator {name}", JsonBody(EvaluationMembers, "evaluator", value));
        }
        foreach (var (name, value) in JsonTextsShort)
        {
            Case($"results[0].note {name}", () => Bytes(Utf8With(With(EvaluationMembers, "results",
                "[{\"requirement\":\"FW-1\",\"passed\":true,\"note\":" + Raw + "}," + string.Join(",", new[] { "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核\"}}")) + "]"), value), Bodies.Json));
            Case($"experience {name}", JsonBody(EvaluationMembers, "experience", value));
        }
        Json("malformed", "{\"evaluator\":");
        Json("array root", "[" + Evaluation + "]");
        Json("null root", "null");
        Json("completedOn 2026-13-01", With(EvaluationMembers, "completedOn", "\"2026-13-01\""));
        Json("completedOn 2026-02-30", With(EvaluationMembers, "completedOn", "\"2026-02-30\""));
        Json("completedOn garbage", With(EvaluationMembers, "completedOn", "\"昨天\""));
        Json("completedOn a number", With(EvaluationMembers, "completedOn", "20261101"));
        Json("completedOn with a time", With(EvaluationMembers, "completedOn", "\"2026-11-01T00:00:00+08:00\""));
        Json("evaluatedOn far future", With(EvaluationMembers, "evaluatedOn", "\"2099-01-01\""));
        Json("completedOn after evaluatedOn", With(EvaluationMembers, "completedOn", "\"2026-11-09\"").Replace("\"evaluatedOn\":\"2026-11-09\"", "\"evaluatedOn\":\"2026-11-02\""));
        Json("completedOn before the programme 1999-01-01", With(EvaluationMembers, "completedOn", "\"1999-01-01\""));
        Json("evaluator missing", Object(EvaluationMembers.Where(m => m.Item1 != "evaluator").ToArray()));
        Json("evaluator 1,000 chars", With(EvaluationMembers, "evaluator", Quote(new string('评', 1000))));
        Json("results missing", Object(EvaluationMembers.Where(m => m.Item1 != "results").ToArray()));
        Json("results an object", With(EvaluationMembers, "results", "{}"));
        Json("results without FW-5", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "FW-1", "FW-2", "FW-3", "FW-4" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核\"}}")) + "]"));
        Json("results FW-1 twice", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "FW-1", "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核\"}}")) + "]"));
        Json("results with BJ-1", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "BJ-1", "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核\"}}")) + "]"));
        Json("passed \"yes\"", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":\"yes\"}}")) + "]"));
        Json("passed missing", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\"}}")) + "]"));
        Json("results 10,000 items", With(EvaluationMembers, "results", "[" + string.Join(",", Enumerable.Repeat("{\"requirement\":\"FW-1\",\"passed\":true}", 10_000)) + "]"));
        Json("unknown field", With(EvaluationMembers, "score", "100"));
        Json("unknown field in a result", With(EvaluationMembers, "results", "[" + string.Join(",", new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => $"{{\"requirement\":\"{r}\",\"passed\":true,\"note\":\"复核\",\"x\":1}}")) + "]"));
        Json("5,000 unknown fields", Object([.. EvaluationMembers, .. Enumerable.Range(0, 5000).Select(i => ($"x{i:D5}{new string('k', 100)}", "1"))]));
        Json("deep nesting", new string('[', 10_000) + new string(']', 10_000));
        Case("empty body", () => Bytes([], Bodies.Json));
        Case("BOM only", () => Bytes([0xEF, 0xBB, 0xBF], Bodies.Json));
        Case("content type text/plain", () => Text(Evaluation, "text/plain"));
        Case("urlencoded", () => Form(("evaluator", "王芳")));
        Case("25 MB JSON (streamed)", () => Streamed("{\"completedOn\":\"2026-11-01\",\"evaluator\":\"", (byte)'a', 25L * 1024 * 1024, "\"}", Bodies.Json));

        Case("If-Match missing", JsonBody(Evaluation), []);
        Case("If-Match of version 0", JsonBody(Evaluation), [("If-Match", $"\"{p.Tianyuan}.v0000\"")]);
        Case("If-Match of a future version", JsonBody(Evaluation), [("If-Match", CorpusCase.NextETag)]);
        Case("If-Match of another assignment", JsonBody(Evaluation), [("If-Match", $"\"{p.Xinyuan}.v0001\"")]);
        Case("If-Match garbage", JsonBody(Evaluation), [("If-Match", "garbage")]);
        Case("If-Match unquoted", JsonBody(Evaluation), [("If-Match", CorpusCase.CurrentETagUnquoted)]);
        Case("If-Match 4,000 chars", JsonBody(Evaluation), [("If-Match", "\"" + new string('v', 4000) + "\"")]);
        Case("If-Match with a quote after it", JsonBody(Evaluation), [("If-Match", CorpusCase.CurrentETag + "'")]);
        Case("If-None-Match * on an existing evaluation", JsonBody(Evaluation), [("If-None-Match", "*")]);
        Case("first evaluation of 新园社区 with If-Match", JsonBody(Evaluation), [("If-Match", $"\"{p.Xinyuan}.v0001\"")]);
    }

    private void Applications()
    {
        const string path = "programmes/2027/applications";
        void Case(string name, Func<HttpContent> body) => Add("application", name, HttpMethod.Post, path, Hantai, body);
        void Json(string name, string json) => Case(name, JsonBody(json));
        // Each case its own community, so an accepted application never turns the next into a 409.
        var n = 0;
        (string, string)[] Fresh() => ApplicationMembers.Select(m => m.Item1 == "community" ? (m.Item1, $"\"阳光社区{++n}\"") : m).ToArray();

        foreach (var (name, value) in JsonTexts)
        {
            Case($"community {name}", JsonBody(Fresh(), "community", value));
        }
        foreach (var (name, value) in JsonTextsShort)
        {
            Case($"reason {name}", JsonBody(Fresh(), "reason", value));
            Case($"taskType {name}", JsonBody(Fresh(), "taskType", value));
        }
        Json("malformed", "{\"community\":\"阳光");
        Json("array root", "[" + Application + "]");
        Json("number root", "7");
        Json("taskType unknown", With(Fresh(), "taskType", "\"swimming\""));
        Json("taskType empty", With(Fresh(), "taskType", "\"\""));
        Json("community a number", With(Fresh(), "community", "7"));
        Json("community an object", With(Fresh(), "community", "{\"a\":1}"));
        Json("community 51 chars", With(Fresh(), "community", Quote(new string('社', 51))));
        Json("community with /", With(Fresh(), "community", "\"阳光/社区\""));
        Json("community with #?", With(Fresh(), "community", "\"阳光#社区?\""));
        Json("reason 2,001 chars", With(Fresh(), "reason", Quote(new string('因', 2001))));
        Json("unknown field", With(Fresh(), "priority", "true"));
        Json("5,000 unknown fields", Object([.. Fresh(), .. Enumerable.Range(0, 5000).Select(i => ($"x{i:D5}{new string('k', 100)}", "1"))]));
        Json("missing everything", "{}");
        Json("missing reason", Object(Fresh().Where(m => m.Item1 != "reason").ToArray()));
        Json("deep nesting", new string('[', 10_000) + new string(']', 10_000));
        Json("deep nesting in community", With(Fresh(), "community", new string('[', 500) + new string(']', 500)));
        Case("empty body", () => Bytes([], Bodies.Json));
        Case("BOM only", () => Bytes([0xEF, 0xBB, 0xBF], Bodies.Json));
        Case("GBK body declared UTF-8", () => Bytes([.. "{\"taskType\":\"service-capacity\",\"community\":\""u8, .. Gbk, .. "\",\"reason\":\"a\"}"u8], "application/json; charset=utf-8"));
        Case("content type text/plain", () => Text(Application, "text/plain"));
        // A form is read like the JSON with the same names (a page can post it), so its own mistakes are refused by name.
        Case("urlencoded, unknown task type", () => Form(("taskType", "园林绿化"), ("community", "阳光社区"), ("reason", "a")));
        Case("urlencoded, unknown field", () => Form(("taskType", "service-capacity"), ("community", "阳光社区"), ("reason", "a"), ("budget", "5")));
        Case("25 MB JSON (streamed)", () => Streamed("{\"taskType\":\"service-capacity\",\"community\":\"阳光社区\",\"reason\":\"", (byte)'a', 25L * 1024 * 1024, "\"}", Bodies.Json));
    }

    private void Tokens()
    {
        void Case(string name, Func<HttpContent> body) => Add("tokens", name, HttpMethod.Post, "tokens", Staff, body);
        void Json(string name, string json) => Case(name, JsonBody(json));
        (string, string)[] unitMembers = [("role", "\"unit\""), ("unit", "\"罕台镇\"")];

        foreach (var (name, value) in JsonTexts)
        {
            Case($"staff name {name}", JsonBody(StaffTokenMembers, "name", value));
        }
        foreach (var (name, value) in JsonTextsShort)
        {
            Case($"unit {name}", JsonBody(unitMembers, "unit", value));
            Case($"unit token name {name}", JsonBody([.. unitMembers, ("name", "\"罕台镇联络员\"")], "name", value));
        }
        foreach (var unit in new[] { "罕台镇/x", "罕台镇#1", "罕台镇?x=1", "罕台镇\\x", "a'b", "  ", new string('镇', 2000) })
        {
            Json($"unit {(unit.Length > 20 ? "2,000 chars" : Quote(unit))}", Object(("role", "\"unit\""), ("unit", Quote(unit))));
        }
        Json("unit not in any table", Object(("role", "\"unit\""), ("unit", "\"不存在镇\"")));
        Json("role admin", Object(("role", "\"admin\""), ("name", "\"张三\"")));
        Json("role empty", Object(("role", "\"\""), ("name", "\"张三\"")));
        Json("role a number", Object(("role", "5"), ("name", "\"张三\"")));
        Json("role missing", Object(("name", "\"张三\"")));
        Json("staff without a name", Object(("role", "\"staff\"")));
        Json("staff name 51 chars", Object(("role", "\"staff\""), ("name", Quote(new string('名', 51)))));
        Json("staff name an array", Object(("role", "\"staff\""), ("name", "[\"张三\"]")));
        Json("unknown field", With(StaffTokenMembers, "expires", "\"2099-01-01\""));
        Json("malformed", "{\"role\":\"staff\",");
        Json("array root", "[" + Object(StaffTokenMembers) + "]");
        Json("deep nesting", new string('[', 10_000) + new string(']', 10_000));
        Case("empty body", () => Bytes([], Bodies.Json));
        Case("BOM only", () => Bytes([0xEF, 0xBB, 0xBF], Bodies.Json));
        Case("GBK body declared UTF-8", () => Bytes([.. "{\"role\":\"staff\",\"name\":\""u8, .. Gbk, .. "\"}"u8], "application/json; charset=utf-8"));
        Case("content type text/plain", () => Text(Object(StaffTokenMembers), "text/plain"));
        Case("urlencoded", () => Form(("role", "staff"), ("name", "张三")));
        Case("25 MB JSON (streamed)", () => Streamed("{\"role\":\"staff\",\"name\":\"", (byte)'a', 25L * 1024 * 1024, "\"}", Bodies.Json));
    }

    /// <summary>Allocation imports: every one carries a new row first, so a partial write shows.</summary>
    private void Allocations()
    {
        const string path = "programmes/2026/allocations";
        void Case(string name, Func<HttpContent> body) => Add("allocations", name, HttpMethod.Post, path, Staff, body);
        const string head = NewRowCsv;

        foreach (var unit in new[] { "兴胜/街道", "兴胜#街道", "兴胜?街道", "兴胜\\街道", "兴胜\u0001街道", "兴胜\u202e街道", "兴胜\ufffe街道", new string('镇', 300) })
        {
            Case($"unit {(unit.Length > 20 ? "300 chars" : Quote(unit))}", () => Csv(head + $"2,{unit},新社区,10万元,2026-01-01,model-community\n"));
        }
        foreach (var community in new[] { "新/社区", "新#社区", "新?社区", "新\u0001社区", "新\u202e社区" })
        {
            Case($"community {Quote(community)}", () => Csv(head + $"2,兴胜街道办事处,{community},10万元,2026-01-01,model-community\n"));
        }
        Case("unit invalid UTF-8", () => Bytes([.. U(head + "2,兴胜"), 0xFF, 0xFE, .. U("街道,新社区,10万元,2026-01-01,model-community\n")], "text/csv; charset=utf-8"));
        foreach (var (name, amount) in new[] { ("negative", "-5万元"), ("1e400", "1e400"), ("too many decimals", "0.0000001万元"), ("overflow", "99999999999999999999999999999万元"), ("text", "很多") })
        {
            Case($"amount {name}", () => Csv(head + $"2,兴胜街道办事处,新社区,{amount},2026-01-01,model-community\n"));
        }
        Case("date 2026-13-01", () => Csv(head + "2,兴胜街道办事处,新社区,10万元,2026-13-01,model-community\n"));
        Case("deadline before start", () => Csv("序号,责任单位,承接项目社区,分配金额,开始日期,截止日期,任务类型\n1,罕台镇,阳光社区,5万元,2026-01-01,2026-12-31,service-capacity\n2,兴胜街道办事处,新社区,10万元,2026-06-01,2026-01-01,model-community\n"));
        Case("task type unknown", () => Csv("序号,责任单位,承接项目社区,分配金额,开始日期,任务类型\n1,罕台镇,阳光社区,5万元,2026-01-01,城乡社区服务能力提升\n2,兴胜街道办事处,新社区,10万元,2026-01-01,游泳\n"));
        Case("unit missing", () => Csv(head + "2,,新社区,10万元,2026-01-01,model-community\n"));
        Case("columns missing", () => Csv("序号,责任单位\n1,罕台镇\n"));
        Case("header only", () => Csv("序号,责任单位,承接项目社区,分配金额,开始日期\n"));
        Case("cell with a formula", () => Csv(head + "2,=HYPERLINK(\"http://x\"),新社区,10万元,2026-01-01,model-community\n"));
        Case("unbalanced quote", () => Csv(head + "2,\"兴胜街道办事处,新社区,10万元,2026-01-01,model-community\n"));
        Case("GBK with a bad unit", () => Bytes([.. Encoding.ASCII.GetBytes("xuhao\n"), .. Gbk, .. "/x\n"u8], "text/csv"));
        Case("empty body", () => Bytes([], "text/csv"));
        Case("BOM only", () => Bytes([0xEF, 0xBB, 0xBF], "text/csv"));
        Case("no content type, not a table", () => Bytes(EvidenceFiles.Jpeg(500, seed: 32), null));
        Case("content type application/xml", () => Text("<table/>", "application/xml"));
        Case("xlsx of random bytes", () => Bytes(EvidenceFiles.Jpeg(2000, seed: 31), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Case("xlsx that is a zip without a workbook", () => Bytes(EvidenceFiles.Zip("xl/evil.txt"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Case("JSON object root", JsonBody("{\"序号\":1}"));
        Case("JSON rows of wrong types", JsonBody("[{\"序号\":\"x\",\"责任单位\":5,\"承接项目社区\":[],\"分配金额\":{}}]"));
        Case("JSON unit with /", JsonBody("[{\"序号\":1,\"责任单位\":\"罕台镇\",\"承接项目社区\":\"阳光社区\",\"分配金额\":\"5万元\",\"开始日期\":\"2026-01-01\",\"任务类型\":\"service-capacity\"},{\"序号\":2,\"责任单位\":\"兴胜/街道\",\"承接项目社区\":\"新社区\",\"分配金额\":\"10万元\",\"开始日期\":\"2026-01-01\",\"任务类型\":\"service-capacity\"}]"));
        Case("JSON lone surrogate in unit", JsonBody("[{\"序号\":1,\"责任单位\":\"罕台镇\\ud800\",\"承接项目社区\":\"阳光社区\",\"分配金额\":\"5万元\",\"开始日期\":\"2026-01-01\",\"任务类型\":\"service-capacity\"}]"));
        Case("JSON deep nesting", JsonBody(new string('[', 10_000) + new string(']', 10_000)));
        Case("JSON malformed", JsonBody("[{\"序号\":"));
        Case("multipart without a file part", () => Multipart(Field("x", "1")));
        Case("multipart file with a bad unit", () => Multipart(File("分配表.csv", U(head + "2,兴胜/街道,新社区,10万元,2026-01-01,model-community\n"), "text/csv")));
        Case("urlencoded 1,100 fields", () => RawForm(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"x{i}=1"))));
        Case("urlencoded 5 MB value (streamed)", () => Streamed("file=", (byte)'a', 5L * 1024 * 1024, "", FormType));
        Case("1,000 rows, the last bad", () => Csv("序号,责任单位,承接项目社区,分配金额,开始日期,任务类型\n"
            + string.Concat(Enumerable.Range(1, 999).Select(i => $"{i},罕台镇,批量{i}社区,1万元,2026-01-01,service-capacity\n")) + "1000,罕台镇,批量1000社区,很多,2026-01-01,service-capacity\n"));
        Case("1,000 rows, every one bad", () => Csv("序号,责任单位,承接项目社区,分配金额,开始日期,任务类型\n"
            + string.Concat(Enumerable.Range(1, 1000).Select(i => $"{i},罕台镇,批量{i}社区,很多,2026-01-01,service-capacity\n"))));
    }

    /// <summary>Query strings of the read routes.</summary>
    private void Queries()
    {
        const string g = "queries";
        Add(g, "notices without period or unit", HttpMethod.Get, "notices", Staff);
        Add(g, "notices kind unknown", HttpMethod.Get, "notices?period=2026-10&kind=spam", Staff);
        Add(g, "notices period 2026-13", HttpMethod.Get, "notices?period=2026-13", Staff);
        Add(g, "notices period garbage", HttpMethod.Get, "notices?period=%E6%9C%80%E8%BF%91", Staff);
        Add(g, "notices period %01", HttpMethod.Get, "notices?period=2026-%0110", Staff);
        Add(g, "notices unit with /", HttpMethod.Get, "notices?unit=%E7%BD%95%2F%E5%8F%B0", Staff);
        Add(g, "notices unit %01", HttpMethod.Get, "notices?unit=%E7%BD%95%01", Staff);
        Add(g, "audit assignment %01", HttpMethod.Get, "audit?assignment=2026-%01", Staff);
        Add(g, "audit assignment invalid UTF-8", HttpMethod.Get, "audit?assignment=%FF%FE", Staff);
    }

    /// <summary>The anonymous health route: what is sent to it must not break it.</summary>
    private void Health()
    {
        Add("health", "garbled Authorization", HttpMethod.Get, "health", new("Bearer ### garbage", "garbled"), expect: Expect.Healthy);
        Add("health", "invalid UTF-8 in the query", HttpMethod.Get, "health?x=%FF%FE&y=%01", new(null, "none"), expect: Expect.Healthy);
        Add("health", "8,000-char query", HttpMethod.Get, "health?x=" + new string('a', 8000), new(null, "none"), expect: Expect.Healthy);
    }
}
