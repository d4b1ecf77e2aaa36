using System.Globalization;
using Governance.Core.Problems;

namespace Governance.Core.Evidence;

/// <summary>Every Chinese text of the evidence capability (证明材料): refusals, audit lines, bundle names.</summary>
public static class EvidenceMessages
{
    public const string AcceptedKinds = "JPG/JPEG图片、PNG图片、PDF文档、Word文档（.docx）、Excel表格（.xlsx）";

    /// <summary>The bundle folder for files attached to a monthly report rather than to one requirement.</summary>
    public const string GeneralFolder = "通用";

    public const string UnnamedFile = "未命名文件";

    /// <summary>The stem of a generated name, for a file whose own name is empty, dots only or a Windows device name.</summary>
    public const string GeneratedFileStem = "证明材料";

    /// <summary>A file name refused by the text policy; <paramref name="position"/> is 1-based, null when only one file was sent.</summary>
    public static string FileNameRefused(int? position, string violation) =>
        position is { } n ? $"第{n}个文件的文件名：{violation}" : $"文件名：{violation}";

    public static ProblemException NotMultipart(string? contentType) =>
        new(415, "unsupported_media_type", "不支持的内容类型", $"上传证明材料请以 multipart/form-data 表单提交，收到“{contentType}”。");

    public static ProblemException UnsupportedFileType(string fileName) =>
        new(415, "unsupported_file_type", "不支持的文件类型",
            $"文件“{fileName}”不是可接受的类型。仅接受：{AcceptedKinds}（按文件内容判断，不看扩展名）。",
            Field("file", $"“{fileName}”不是可接受的文件类型。"));

    public static ProblemException EmptyFile(string fileName) =>
        new(400, "empty_file", "文件为空", $"文件“{fileName}”没有内容，请重新选择文件。", Field("file", $"“{fileName}”是空文件。"));

    public static ProblemException FileTooLarge(string fileName, long maxBytes) =>
        new(413, "file_too_large", "文件过大", $"文件“{fileName}”超过了单个文件{Megabytes(maxBytes)}的上限。",
            Field("file", $"“{fileName}”超过{Megabytes(maxBytes)}。"));

    public static ProblemException RequestTooLarge(long maxBytes) =>
        new(413, "request_too_large", "上传内容过大", $"本次上传的总大小超过了{Megabytes(maxBytes)}的上限，未保存任何文件。");

    public static ProblemException UploadBroken() =>
        new(400, "upload_incomplete", "上传未完成", "上传中断或表单格式有误，未保存任何文件，请重新上传。");

    public static ProblemException FieldTooLong(string field) =>
        new(400, "field_too_long", "字段内容过长", $"字段“{field}”的内容过长。", Field(field, "内容过长。"));

    public static ProblemException EvidenceNotFound(string id) =>
        new(404, "evidence_not_found", "证明材料不存在", $"没有编号为“{id}”的证明材料。");

    public const string InvalidTitle = "证明材料信息有误";
    public const string MissingFile = "请至少上传一个文件（表单字段 file）。";
    public const string MissingRequirement = "请选择对应的创建要求（如 BJ-3）。";
    public static string UnknownRequirement(string id, string taskTypeName) => $"“{id}”不是{taskTypeName}任务的创建要求。";
    public static string CaptionTooLong(int max) => $"说明不能超过{max}个字。";

    public static string FolderName(string? requirementId, string? requirementName) =>
        requirementId is null ? GeneralFolder : $"{requirementId} {requirementName}".Trim();

    public static string BundleFileName(string community, DateOnly day) =>
        $"{community}证明材料-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.zip";

    public static readonly string[] ManifestColumns = ["文件名", "创建要求", "月份", "说明", "大小（字节）", "SHA-256", "上传者", "上传时间"];

    public const string ManifestName = "manifest.csv";

    public static string UploadAudit(EvidenceRecord r, bool duplicate) =>
        (duplicate ? "重复上传证明材料（内容相同，沿用已有记录）" : "上传证明材料") +
        $"“{r.FileName}”：{r.Requirement ?? GeneralFolder}，{r.Period}，{r.Size}字节，SHA-256 {r.Sha256[..12]}…";

    public static string ListAudit(int count) => $"查看证明材料清单，签发下载链接{count}个";

    public static string LinkAudit(EvidenceRecord r) => $"签发证明材料“{r.FileName}”的下载链接";

    public static string BundleAudit(int count, string sha256) => $"打包下载证明材料（{count}个文件，SHA-256 {sha256[..12]}…）";

    private static string Megabytes(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? $"{bytes / (1024 * 1024)} MB"
            : $"{bytes.ToString("N0", CultureInfo.InvariantCulture)}字节";

    private static Dictionary<string, string[]> Field(string field, string message) => new() { [field] = [message] };

    public const string UnreadableFileName = "文件名含有无法识别的字符（可能不是UTF-8编码），请将文件改为中文或英文名称后重新上传。";
}
