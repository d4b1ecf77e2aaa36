using System.Buffers;
using System.Text;
using System.Text.Json;
using Governance.Core.Reports;
using Governance.Core.Rules;

namespace Governance.Core.Standing;

/// <summary>
/// Reads a summary's month snapshot (<see cref="StandingSummaryStore.Snapshot"/>) as the summary writes it
/// (<see cref="Json.Options"/>: camelCase names, every property present), with one pass of a
/// <see cref="Utf8JsonReader"/> instead of the reflection-based serializer: the dispatch and the bulletin
/// read one per assignment. Anything else — another spelling, a number as a string, an unknown property —
/// is left to <see cref="JsonSerializer"/>, so the answer is the serializer's in every case.
/// </summary>
internal static class SnapshotJson
{
    private const int StackLimit = 2048;

    public static StandingSummaryStore.Snapshot? Read(string? json)
    {
        if (json is null)
        {
            return null;
        }
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = max > StackLimit ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(json, buffer);
            if (TryRead(buffer[..length], out var snapshot))
            {
                return snapshot;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return JsonSerializer.Deserialize<StandingSummaryStore.Snapshot>(json, Json.Options);
    }

    private static bool TryRead(ReadOnlySpan<byte> utf8, out StandingSummaryStore.Snapshot? snapshot)
    {
        snapshot = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            string? period = null;
            var spent = 0m;
            CommunityMetrics? metrics = null;
            List<RequirementProgress>? progress = null;
            var seen = 0;
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }
                int bit;
                bool ok;
                if (reader.ValueTextEquals("period"u8))
                {
                    bit = 1;
                    ok = reader.Read() && TryString(ref reader, out period);
                }
                else if (reader.ValueTextEquals("spentToDate"u8))
                {
                    bit = 2;
                    ok = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out spent);
                }
                else if (reader.ValueTextEquals("metrics"u8))
                {
                    bit = 4;
                    ok = reader.Read() && TryMetrics(ref reader, out metrics);
                }
                else if (reader.ValueTextEquals("progress"u8))
                {
                    bit = 8;
                    ok = reader.Read() && TryProgress(ref reader, out progress);
                }
                else
                {
                    return false;
                }
                // A property given twice is the serializer's to judge.
                if (!ok || (seen & bit) != 0)
                {
                    return false;
                }
                seen |= bit;
            }
            if (seen != 15 || reader.Read())
            {
                return false;
            }
            snapshot = new StandingSummaryStore.Snapshot(period!, spent, metrics!, progress!);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryMetrics(ref Utf8JsonReader reader, out CommunityMetrics? metrics)
    {
        metrics = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        int? households = null, urbanPopulation = null, communityWorkers = null, consultationProjects = null;
        decimal? centreArea = null, activityArea = null;
        string? owner = null;
        bool? volunteerTeam = null, elderlyCareStation = null, socialWorkRoom = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int bit;
            bool ok;
            if (reader.ValueTextEquals("households"u8))
            {
                (bit, ok) = (1, reader.Read() && TryInt(ref reader, out households));
            }
            else if (reader.ValueTextEquals("urbanPopulation"u8))
            {
                (bit, ok) = (2, reader.Read() && TryInt(ref reader, out urbanPopulation));
            }
            else if (reader.ValueTextEquals("centreArea"u8))
            {
                (bit, ok) = (4, reader.Read() && TryDecimal(ref reader, out centreArea));
            }
            else if (reader.ValueTextEquals("activityArea"u8))
            {
                (bit, ok) = (8, reader.Read() && TryDecimal(ref reader, out activityArea));
            }
            else if (reader.ValueTextEquals("facilityOwner"u8))
            {
                (bit, ok) = (16, reader.Read() && TryString(ref reader, out owner));
            }
            else if (reader.ValueTextEquals("communityWorkers"u8))
            {
                (bit, ok) = (32, reader.Read() && TryInt(ref reader, out communityWorkers));
            }
            else if (reader.ValueTextEquals("volunteerTeam"u8))
            {
                (bit, ok) = (64, reader.Read() && TryBool(ref reader, out volunteerTeam));
            }
            else if (reader.ValueTextEquals("consultationProjects"u8))
            {
                (bit, ok) = (128, reader.Read() && TryInt(ref reader, out consultationProjects));
            }
            else if (reader.ValueTextEquals("elderlyCareStation"u8))
            {
                (bit, ok) = (256, reader.Read() && TryBool(ref reader, out elderlyCareStation));
            }
            else if (reader.ValueTextEquals("socialWorkRoom"u8))
            {
                (bit, ok) = (512, reader.Read() && TryBool(ref reader, out socialWorkRoom));
            }
            else
            {
                return false;
            }
            if (!ok || (seen & bit) != 0)
            {
                return false;
            }
            seen |= bit;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != 1023)
        {
            return false;
        }
        metrics = new CommunityMetrics(households, urbanPopulation, centreArea, activityArea, owner, communityWorkers, volunteerTeam, consultationProjects, elderlyCareStation, socialWorkRoom);
        return true;
    }

    private static bool TryProgress(ref Utf8JsonReader reader, out List<RequirementProgress>? progress)
    {
        progress = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        var list = new List<RequirementProgress>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? requirement = null, status = null, note = null;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int bit;
                bool ok;
                if (reader.ValueTextEquals("requirement"u8))
                {
                    (bit, ok) = (1, reader.Read() && TryString(ref reader, out requirement));
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    (bit, ok) = (2, reader.Read() && TryString(ref reader, out status));
                }
                else if (reader.ValueTextEquals("note"u8))
                {
                    (bit, ok) = (4, reader.Read() && TryString(ref reader, out note));
                }
                else
                {
                    return false;
                }
                if (!ok || (seen & bit) != 0)
                {
                    return false;
                }
                seen |= bit;
            }
            if (reader.TokenType != JsonTokenType.EndObject || seen != 7)
            {
                return false;
            }
            list.Add(new RequirementProgress(requirement!, status!, note));
        }
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return false;
        }
        progress = list;
        return true;
    }

    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                value = Known(ref reader) ?? reader.GetString();
                return true;
            default:
                return false;
        }
    }

    // The few values most progress entries repeat, shared rather than allocated per row.
    private static readonly string[] Common = ["in_progress", "not_started", "done", .. RequirementCatalogue.All.Select(r => r.Id).Distinct()];
    private static readonly byte[][] CommonUtf8 = [.. Common.Select(Encoding.UTF8.GetBytes)];

    private static string? Known(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 16)
        {
            return null;
        }
        for (var i = 0; i < CommonUtf8.Length; i++)
        {
            if (reader.ValueSpan.SequenceEqual(CommonUtf8[i]))
            {
                return Common[i];
            }
        }
        return null;
    }

    private static bool TryInt(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n))
        {
            value = n;
            return true;
        }
        return false;
    }

    private static bool TryDecimal(ref Utf8JsonReader reader, out decimal? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var n))
        {
            value = n;
            return true;
        }
        return false;
    }

    private static bool TryBool(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is not null || reader.TokenType == JsonTokenType.Null;
    }
}
