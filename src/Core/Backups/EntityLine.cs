using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Governance.Core.Backups;

/// <summary>
/// One entity as one line of a backup file:
/// <c>{"PartitionKey":"…","RowKey":"…","Properties":{"Name":{"Type":"Edm.String","Value":"…"},…}}</c>.
/// Each property carries its EDM type, so the restored row has the types the app wrote: Edm.Int64 and
/// Edm.DateTime (ISO 8601, UTC, 100 ns), Edm.Guid and Edm.Binary (base64) are strings, Edm.Double a
/// round-trip number (NaN and ±Infinity as strings), Edm.Int32 and Edm.Boolean plain JSON. Timestamp
/// and the ETag are the service's own and are not kept.
/// </summary>
public static class EntityLine
{
    private static readonly HashSet<string> ServiceKeys = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entity);
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        writer.WriteStartObject("Properties");
        foreach (var (key, value) in entity)
        {
            if (ServiceKeys.Contains(key) || value is null)
            {
                continue;
            }
            writer.WriteStartObject(key);
            switch (value)
            {
                case string s:
                    writer.WriteString("Type", "Edm.String");
                    writer.WriteString("Value", s);
                    break;
                case bool b:
                    writer.WriteString("Type", "Edm.Boolean");
                    writer.WriteBoolean("Value", b);
                    break;
                case int i:
                    writer.WriteString("Type", "Edm.Int32");
                    writer.WriteNumber("Value", i);
                    break;
                case long l:
                    writer.WriteString("Type", "Edm.Int64");
                    writer.WriteString("Value", l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    writer.WriteString("Type", "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber("Value", d);
                    }
                    else
                    {
                        writer.WriteString("Value", d.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
                case DateTimeOffset t:
                    writer.WriteString("Type", "Edm.DateTime");
                    writer.WriteString("Value", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                    break;
                case DateTime t:
                    writer.WriteString("Type", "Edm.DateTime");
                    writer.WriteString("Value", new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture));
                    break;
                case Guid g:
                    writer.WriteString("Type", "Edm.Guid");
                    writer.WriteString("Value", g.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString("Type", "Edm.Binary");
                    writer.WriteBase64String("Value", bytes);
                    break;
                case BinaryData data:
                    writer.WriteString("Type", "Edm.Binary");
                    writer.WriteBase64String("Value", data.ToMemory().Span);
                    break;
                default:
                    // Better a failed backup than one that silently drops a value it cannot restore.
                    throw new InvalidDataException($"Property {key} of {entity.PartitionKey}/{entity.RowKey} has a type a backup cannot keep: {value.GetType().Name}");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static TableEntity Read(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var entity = new TableEntity(root.GetProperty("PartitionKey").GetString(), root.GetProperty("RowKey").GetString());
        foreach (var property in root.GetProperty("Properties").EnumerateObject())
        {
            var value = property.Value.GetProperty("Value");
            entity[property.Name] = property.Value.GetProperty("Type").GetString() switch
            {
                "Edm.String" => value.GetString(),
                "Edm.Boolean" => value.GetBoolean(),
                "Edm.Int32" => value.GetInt32(),
                "Edm.Int64" => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                "Edm.Double" => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.DateTime" => DateTimeOffset.ParseExact(value.GetString()!, "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
                "Edm.Guid" => Guid.ParseExact(value.GetString()!, "D"),
                "Edm.Binary" => value.GetBytesFromBase64(),
                var other => throw new InvalidDataException($"Property {property.Name}: unknown type {other}"),
            };
        }
        return entity;
    }
}
