using System.Runtime.ExceptionServices;

namespace Governance.Core.Evidence;

/// <summary>
/// A file part presented to one Put Blob as a body of the length the request's framing declares
/// (<see cref="Input.IncomingFile.ExpectedLength"/>): the part's bytes up to that length, zeros if
/// the part ends sooner. The length is only a prediction; <see cref="PartBytes"/> and
/// <see cref="PartEnded"/> tell afterwards whether the blob holds the file exactly. It can be sent
/// once: the SDK may rewind it only to where it already is, so a retry after bytes went out fails
/// instead of sending other bytes.
/// </summary>
internal sealed class DeclaredLengthStream(Stream part, long length) : Stream
{
    private long _position;

    /// <summary>Bytes taken from the part (the rest of the body, if any, was zeros).</summary>
    public long PartBytes { get; private set; }

    /// <summary>The part answered its end while the body was sent.</summary>
    public bool PartEnded { get; private set; }

    /// <summary>The first error of reading the part (a refusal, a broken body), kept so it surfaces as itself, not as a failed request.</summary>
    public ExceptionDispatchInfo? ReadFailure { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return target == _position ? _position : throw new NotSupportedException("A file part is sent once; it cannot be rewound.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, length - _position);
        if (want == 0)
        {
            return 0;
        }
        if (!PartEnded)
        {
            int n;
            try
            {
                n = await part.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ReadFailure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
            if (n > 0)
            {
                PartBytes += n;
                _position += n;
                return n;
            }
            PartEnded = true;
        }
        buffer.Span[..want].Clear();
        _position += want;
        return want;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Streams read one after the other, each to its end (the re-read head of a file, then the rest of its part).</summary>
internal sealed class ConcatenatedReadStream(params Stream[] parts) : Stream
{
    private int _index;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_index < parts.Length)
        {
            var n = await parts[_index].ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n > 0 || buffer.Length == 0)
            {
                return n;
            }
            _index++;
        }
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
