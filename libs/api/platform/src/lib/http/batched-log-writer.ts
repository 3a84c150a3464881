import { writeSync } from 'node:fs';

/** Where a batch goes: `DescriptorSink` on standard output in production, a recorder in tests. */
export interface LogSink {
  /** Written (or given up) when it returns: the writer reuses the bytes for the next batch. */
  write(chunk: Buffer): void;
}

/**
 * A batch goes out once it holds this much, or when the interval comes round. One write per 32 kB
 * keeps the system calls a small share of a short request (P8 in docs/performance.md).
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
 * session check cost 35–41 µs of CPU, and 29.5–31 µs this way (docs/requirements.md P2; docs/performance.md).
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

  /** Writes what is buffered (the one-second timer, and exit). */
  flush(): void {
    this.handOn();
  }

  private handOn(): void {
    if (this.used === 0) return;
    // The sink is done with the bytes when it returns, so the chunk is filled again from the start.
    this.sink.write(this.chunk.subarray(0, this.used));
    this.used = 0;
  }
}

/** How bytes are written to a file descriptor; tests pass their own. */
export interface DescriptorIo {
  writeSync(fd: number, chunk: Buffer): number;
}

/** A full pipe asks to be tried again later (a non-blocking standard output). */
const isBusy = (error: unknown) => ['EAGAIN', 'EBUSY'].includes((error as NodeJS.ErrnoException).code ?? '');
const BUSY_RETRY_MS = 10;
/** Something to sleep on between tries: `Atomics.wait` blocks without spinning. */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/** How long a full pipe may hold a batch up before the batch is dropped. */
const BUSY_PATIENCE_MS = 1000;

/**
 * Writes each batch when it is handed on, in one system call for 32 kB of lines. Synchronous, as
 * Node writes to a pipe on Linux and pino writes by default: a batch is on its way before the next
 * line is buffered, so lines stay in order and an exit loses none. (An asynchronous write cost a
 * thread-pool round trip per batch and left one batch in flight at exit, to be lost or overtaken.)
 * A full pipe is tried again for up to a second, then that batch is dropped and said so; while it
 * stays full, later batches get one try each (a stuck reader must not hold every request up for a
 * second), and the first batch written again ends that. Any other failure (the reader went away:
 * EPIPE; a bad descriptor) stops logging, reported once on standard error, and never stops the
 * API. SonicBoom was not kept for this: its synchronous flush retries every error forever, so an
 * API whose log reader had gone could hang at exit.
 */
export class DescriptorSink implements LogSink {
  private stopped = false;
  /** A batch was dropped on a full pipe and none has been written since. */
  private congested = false;

  constructor(
    private readonly fd: number,
    private readonly io: DescriptorIo = { writeSync },
    private readonly report: (message: string) => void = reportOnStandardError,
  ) {}

  write(chunk: Buffer): void {
    let rest = chunk;
    let waited = 0;
    while (!this.stopped && rest.length > 0) {
      try {
        rest = rest.subarray(this.io.writeSync(this.fd, rest));
      } catch (error) {
        if (!isBusy(error)) return this.stop(error);
        if (this.congested || waited >= BUSY_PATIENCE_MS) return this.drop(rest.length);
        Atomics.wait(SLEEPER, 0, 0, BUSY_RETRY_MS);
        waited += BUSY_RETRY_MS;
      }
    }
    this.congested = false;
  }

  private drop(bytes: number): void {
    if (!this.congested) {
      this.report(
        `KAP Care: standard output took no log lines for ${BUSY_PATIENCE_MS} ms; ${bytes} bytes of them were dropped, and more will be while it stays full.`,
      );
    }
    this.congested = true;
  }

  private stop(error: unknown): void {
    this.stopped = true;
    this.report(
      `KAP Care: log lines can no longer be written to standard output (${(error as Error).message}); the API goes on without them.`,
    );
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
    process.once('exit', () => writer.flush());
    stdout = writer;
  }
  return stdout;
}
