import { write, writeSync } from 'node:fs';

/** Where a batch goes: `DescriptorSink` on standard output in production, a recorder in tests. */
export interface LogSink {
  write(chunk: Buffer): void;
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
 * Here each line is encoded once, into bytes that are never copied again, and the sink writes
 * whole batches in order (`DescriptorSink`).
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

/** How an append to a file descriptor is done; tests pass their own. */
export interface DescriptorIo {
  write(fd: number, chunk: Buffer, offset: number, length: number, position: null, done: (error: NodeJS.ErrnoException | null, written: number) => void): void;
  writeSync(fd: number, chunk: Buffer): number;
}

/** A full pipe asks to be tried again later (a non-blocking standard output). */
const isBusy = (error: unknown) => ['EAGAIN', 'EBUSY'].includes((error as NodeJS.ErrnoException).code ?? '');
const BUSY_RETRY_MS = 10;
/** At exit a full pipe gets this long to take the last lines before they are given up. */
const EXIT_PATIENCE_MS = 1000;

/**
 * Whole batches written to a file descriptor in order, one asynchronous write at a time, so the
 * event loop never waits for the disk or the pipe. Any failure other than a full pipe (the reader
 * went away: EPIPE; a bad descriptor) stops logging, reported once on standard error, and never
 * stops the API. SonicBoom was not kept for this: its synchronous flush retries every error
 * forever, so an API whose log reader had gone would hang at exit.
 */
export class DescriptorSink implements LogSink {
  private readonly queue: Buffer[] = [];
  private writing = false;
  private failed = false;

  constructor(
    private readonly fd: number,
    private readonly io: DescriptorIo = { write, writeSync },
    private readonly report: (message: string) => void = reportOnStandardError,
  ) {}

  write(chunk: Buffer): void {
    if (this.failed) return;
    this.queue.push(chunk);
    if (!this.writing) this.next();
  }

  /** Writes what waits, now (exit). A batch an asynchronous write already holds is left to it. */
  flushSync(): void {
    let waited = 0;
    while (!this.failed && this.queue.length > 0) {
      const chunk = this.queue[0];
      try {
        const written = this.io.writeSync(this.fd, chunk);
        if (written < chunk.length) this.queue[0] = chunk.subarray(written);
        else this.queue.shift();
      } catch (error) {
        if (!isBusy(error) || waited >= EXIT_PATIENCE_MS) return this.fail(error);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BUSY_RETRY_MS);
        waited += BUSY_RETRY_MS;
      }
    }
  }

  private next(): void {
    const chunk = this.queue.shift();
    this.writing = chunk !== undefined;
    if (!chunk) return;
    this.io.write(this.fd, chunk, 0, chunk.length, null, (error, written) => {
      if (error && isBusy(error)) {
        this.queue.unshift(chunk);
        setTimeout(() => this.next(), BUSY_RETRY_MS);
      } else if (error) {
        this.writing = false;
        this.fail(error);
      } else {
        if (written < chunk.length) this.queue.unshift(chunk.subarray(written));
        this.next();
      }
    });
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.queue.length = 0;
    this.report(`KAP Care: log lines can no longer be written to standard output (${(error as Error).message}); the API goes on without them.`);
  }
}

/**
 * Synchronously: `process.stderr` would report its own EPIPE as an error event, and an unhandled
 * one would take the API down when standard error has lost its reader too.
 */
function reportOnStandardError(message: string): void {
  try {
    writeSync(2, `${message}\n`);
  } catch {
    // Nowhere left to say it.
  }
}

let stdout: BatchedLogWriter | undefined;

/**
 * The process's one writer to standard output (every app built in a test process shares it, so
 * there is one timer and one exit hook): flushed every second and written out in full at exit.
 */
export function stdoutLogWriter(): BatchedLogWriter {
  if (!stdout) {
    const writer = new BatchedLogWriter(new DescriptorSink(1));
    setInterval(() => writer.flush(), FLUSH_INTERVAL_MS).unref();
    process.once('exit', () => writer.flushSync());
    stdout = writer;
  }
  return stdout;
}
