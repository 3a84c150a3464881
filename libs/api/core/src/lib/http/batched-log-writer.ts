import SonicBoom from 'sonic-boom';

/** Where a batch goes: SonicBoom in buffer mode in production, a recorder in tests. */
export interface LogSink {
  write(chunk: Buffer): unknown;
  flushSync(): void;
}

/**
 * A batch goes out once it holds this much, or when the interval comes round. Each hand-over costs
 * the event loop a thread-pool round trip, so the batch is large: `/api/auth/me` took 37–40 µs of
 * CPU per request with 8 kB batches and 31–33 µs with 32 kB (session 6, P2 in quality.md).
 */
const BATCH_BYTES = 32768;
const CHUNK_BYTES = 65536;
const FLUSH_INTERVAL_MS = 1000;

/**
 * Log lines encoded straight into a byte buffer and handed on 32 kB at a time.
 *
 * Why not SonicBoom's own `minLength` buffering: in text mode it appends each line to a string and
 * measures that string's UTF-8 length on every write, so with 16 kB pending a request paid for
 * flattening and measuring kilobytes of other requests' lines. On session 6's host that made a
 * session check cost 35–41 µs of CPU, and 30–35 µs this way (quality.md P2; docs/performance.md).
 * Here each line is encoded once, into bytes that are never copied again, and SonicBoom (buffer
 * mode) keeps what it is good at: ordered asynchronous writes, EAGAIN on a full pipe, and a
 * synchronous flush at exit.
 *
 * A kill -9 can lose up to a second's lines; a normal exit writes them (see `stdoutLogWriter`).
 */
export class BatchedLogWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(private readonly sink: LogSink) {}

  write(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, so this bound never splits a line.
    const room = line.length * 3;
    if (this.used + room > this.chunk.length) {
      this.handOn();
      if (room > this.chunk.length) this.chunk = Buffer.allocUnsafe(room);
    }
    this.used += this.chunk.write(line, this.used, 'utf8');
    if (this.used >= BATCH_BYTES) this.handOn();
  }

  /** Hands what is buffered to the sink, which writes it asynchronously. */
  flush(): void {
    this.handOn();
  }

  /** Hands on what is buffered and waits until the sink has written everything (exit). */
  flushSync(): void {
    this.handOn();
    this.sink.flushSync();
  }

  private handOn(): void {
    if (this.used === 0) return;
    // The filled part goes to the sink as it is and a fresh chunk takes its place, so nothing is
    // copied and the sink may keep the bytes as long as its write takes.
    this.sink.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}

let stdout: BatchedLogWriter | undefined;

/**
 * The process's one writer to standard output (every app built in a test process shares it, so
 * there is one timer and one exit hook): flushed every second and written out in full at exit.
 */
export function stdoutLogWriter(): BatchedLogWriter {
  if (!stdout) {
    const file = new SonicBoom({ fd: 1, sync: false, contentMode: 'buffer' });
    // A closed pipe (the reader went away) must not bring the API down over a log line: from then
    // on lines are dropped, as pino's own destination does.
    let broken = false;
    file.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      broken = true;
    });
    const writer = new BatchedLogWriter({
      write: (chunk) => broken || file.write(chunk as never),
      flushSync: () => {
        if (!broken) file.flushSync();
      },
    });
    setInterval(() => writer.flush(), FLUSH_INTERVAL_MS).unref();
    process.once('exit', () => writer.flushSync());
    stdout = writer;
  }
  return stdout;
}
