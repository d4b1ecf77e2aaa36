using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Governance.Core.Evidence;

/// <summary>
/// Decides a file's kind from the bytes as they stream past, holding only a few dozen of them:
/// the magic number at the start, and for a zip the names in its local file headers (stored
/// uncompressed in the stream). An Office file needs its real parts: "[Content_Types].xml" and
/// the main part, "word/document.xml" for a .docx or "xl/workbook.xml" for an .xlsx — the names
/// Word, Excel, WPS and the Open XML SDK write; a zip with merely some "word/" entry is no .docx.
/// </summary>
internal sealed class FileSignature
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ContentTypes = "[Content_Types].xml"u8.ToArray();
    private static readonly byte[] WordDocument = "word/document.xml"u8.ToArray();
    private static readonly byte[] Workbook = "xl/workbook.xml"u8.ToArray();

    // A local header is 30 bytes before its name; the longest name looked for is "[Content_Types].xml".
    private const int HeaderAndName = 30 + 19;

    private readonly byte[] _head = new byte[8];
    private int _headLength;
    private readonly byte[] _carry = new byte[HeaderAndName];
    private int _carryLength;
    private bool _contentTypes;
    private EvidenceFileKind? _mainPart;

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
        // Scanned from the first byte on, while the head could still be a zip: the first local
        // header starts at offset 0 and may arrive a byte at a time.
        if (!(_contentTypes && _mainPart is not null) && CouldBeZip)
        {
            ScanZip(data);
        }
    }

    private bool CouldBeZip
    {
        get
        {
            var n = Math.Min(_headLength, ZipHeader.Length);
            return _head.AsSpan(0, n).SequenceEqual(ZipHeader.AsSpan(0, n));
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
        Starts(ZipHeader) && _contentTypes ? _mainPart :
        null;

    private bool Starts(byte[] magic) => _headLength >= magic.Length && _head.AsSpan(0, magic.Length).SequenceEqual(magic);

    private void ScanZip(ReadOnlySpan<byte> data)
    {
        // The tail of the previous chunk is scanned again with this one, so a header split across
        // two reads is still seen whole; seeing a header twice changes nothing.
        var length = _carryLength + data.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _carry.AsSpan(0, _carryLength).CopyTo(rented);
            data.CopyTo(rented.AsSpan(_carryLength));
            var window = rented.AsSpan(0, length);
            var at = 0;
            while (true)
            {
                var found = window[at..].IndexOf(ZipHeader);
                if (found < 0 || at + found + HeaderAndName > length)
                {
                    break;
                }
                var header = window[(at + found)..];
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
                if (nameLength <= HeaderAndName - 30)
                {
                    // OPC part names compare without regard to ASCII case.
                    var name = header.Slice(30, nameLength);
                    if (Ascii.EqualsIgnoreCase(name, ContentTypes))
                    {
                        _contentTypes = true;
                    }
                    else if (_mainPart is null && Ascii.EqualsIgnoreCase(name, WordDocument))
                    {
                        _mainPart = EvidenceFileKind.Docx;
                    }
                    else if (_mainPart is null && Ascii.EqualsIgnoreCase(name, Workbook))
                    {
                        _mainPart = EvidenceFileKind.Xlsx;
                    }
                }
                at += found + 1;
            }
            _carryLength = Math.Min(HeaderAndName, length);
            window[(length - _carryLength)..].CopyTo(_carry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
