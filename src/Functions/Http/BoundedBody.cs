using Governance.Core.Input;

namespace Governance.Functions.Http;

/// <summary>
/// A request body that refuses to be read past its route's limit: a declared Content-Length over
/// it is refused at the first read, before a byte is taken, and a chunked body as soon as it
/// passes it. Nothing is read until a function asks, so a role check before the read still wins.
/// </summary>
public sealed class BoundedBody(Stream inner, long limit, long? declaredLength) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Allowed(count)));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Allowed(buffer.Length)]));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, Allowed(count)), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Asks the inner body for at most one byte past the limit, so a body one byte over is caught without reading on.</summary>
    private int Allowed(int requested)
    {
        if (declaredLength > limit)
        {
            throw BodyProblems.TooLarge(limit);
        }
        return (int)Math.Min(requested, Math.Max(1, limit + 1 - _read));
    }

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw BodyProblems.TooLarge(limit) : read;
    }
}
