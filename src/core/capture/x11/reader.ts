import type { Socket } from 'node:net';

/**
 * Exact-length reads from a socket, each into a buffer of the caller's: a frame's pixels are
 * copied once, from the socket's chunks straight into the ArrayBuffer later handed to the
 * imaging worker.
 */
export class SocketReader {
  private chunks: Buffer[] = [];
  private want: { into: Uint8Array; filled: number; done: () => void; fail: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.pump();
    });
    socket.on('error', (e) => this.end(e));
    socket.on('close', () => this.end(new Error('X server closed the connection')));
  }

  /** Fills `into` completely (a fresh buffer of `into` bytes when given a length). */
  read(into: number): Promise<Buffer>;
  read(into: Uint8Array): Promise<Uint8Array>;
  read(into: number | Uint8Array): Promise<Uint8Array> {
    const target = typeof into === 'number' ? Buffer.alloc(into) : into;
    if (this.want) return Promise.reject(new Error('one read at a time'));
    return new Promise((resolve, reject) => {
      this.want = { into: target, filled: 0, done: () => resolve(target), fail: reject };
      this.pump();
      if (this.failure) this.end(this.failure);
    });
  }

  private pump(): void {
    const want = this.want;
    if (!want) return;
    while (want.filled < want.into.length && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length, want.into.length - want.filled);
      want.into.set(chunk.subarray(0, n), want.filled);
      want.filled += n;
      if (n === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(n);
    }
    if (want.filled === want.into.length) {
      this.want = undefined;
      want.done();
    }
  }

  private end(error: Error): void {
    this.failure ??= error;
    const want = this.want;
    if (want && want.filled < want.into.length) {
      this.want = undefined;
      want.fail(this.failure);
    }
  }
}
