using System.Buffers;
using System.Buffers.Binary;

namespace Governance.Core.Evidence;

/// <summary>
/// Decides a file's kind from the bytes as they stream past, holding only a few dozen of them:
/// the magic number at the start, and for a zip the names in its local file headers (stored
/// uncompressed in the stream), where "word/" marks a .docx and "xl/" an .xlsx.
/// </summary>
internal sealed class FileSignature
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Word = "word/"u8.ToArray();
    private static readonly byte[] Excel = "xl/"u8.ToArray();

    // A local header is 30 bytes before its name; the longest prefix looked at is "word/".
    private const int HeaderAndPrefix = 30 + 5;

    private readonly byte[] _head = new byte[8];
    private int _headLength;
    private readonly byte[] _carry = new byte[HeaderAndPrefix];
    private int _carryLength;
    private EvidenceFileKind? _zipKind;

    public void Observe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_headLength < _head.Length)
        {
            var take = Math.Min(_head.Length - _headLength, data.Length);
            data[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }
        if (_zipKind is null && Starts(ZipHeader))
        {
            ScanZip(data);
        }
    }

    /// <summary>True once the first bytes rule out every accepted kind, so the upload can stop early.</summary>
    public bool IsRefused =>
        _headLength >= _head.Length && !Starts(Jpeg) && !Starts(Png) && !Starts(Pdf) && !Starts(ZipHeader);

    /// <summary>The kind, once the whole file has been observed; null when it is none of the accepted kinds.</summary>
    public EvidenceFileKind? Kind =>
        Starts(Jpeg) ? EvidenceFileKind.Jpeg :
        Starts(Png) ? EvidenceFileKind.Png :
        Starts(Pdf) ? EvidenceFileKind.Pdf :
        Starts(ZipHeader) ? _zipKind :
        null;

    private bool Starts(byte[] magic) => _headLength >= magic.Length && _head.AsSpan(0, magic.Length).SequenceEqual(magic);

    private void ScanZip(ReadOnlySpan<byte> data)
    {
        // The tail of the previous chunk is scanned again with this one, so a header split across
        // two reads is still seen whole.
        var length = _carryLength + data.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _carry.AsSpan(0, _carryLength).CopyTo(rented);
            data.CopyTo(rented.AsSpan(_carryLength));
            var window = rented.AsSpan(0, length);
            var at = 0;
            while (_zipKind is null)
            {
                var found = window[at..].IndexOf(ZipHeader);
                if (found < 0 || at + found + HeaderAndPrefix > length)
                {
                    break;
                }
                var header = window[(at + found)..];
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
                var name = header.Slice(30, Math.Min((int)nameLength, 5));
                if (name.StartsWith(Word))
                {
                    _zipKind = EvidenceFileKind.Docx;
                }
                else if (name.StartsWith(Excel))
                {
                    _zipKind = EvidenceFileKind.Xlsx;
                }
                at += found + 1;
            }
            _carryLength = Math.Min(HeaderAndPrefix, length);
            window[(length - _carryLength)..].CopyTo(_carry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
