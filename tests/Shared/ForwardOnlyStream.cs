namespace Governance.Testing;

/// <summary>
/// A read-only stream that cannot seek, like a request body off the network: the tests' and the
/// benchmarks' made-up bodies derive from it and implement only how bytes come out
/// (<see cref="Read(Span{byte})"/>, and <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> when
/// reading is asynchronous).
/// </summary>
public abstract class ForwardOnlyStream : Stream
{
    /// <summary>Bytes handed out so far.</summary>
    protected long Consumed { get; set; }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Consumed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
