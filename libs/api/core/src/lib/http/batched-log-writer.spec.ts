import { execFileSync, spawn } from 'node:child_process';
import { BatchedLogWriter, DescriptorSink, type DescriptorIo } from './batched-log-writer';

function recorder() {
  const chunks: Buffer[] = [];
  let syncFlushes = 0;
  const writer = new BatchedLogWriter({
    write: (chunk) => chunks.push(Buffer.from(chunk)),
    flushSync: () => void syncFlushes++,
  });
  return { writer, chunks, text: () => Buffer.concat(chunks).toString('utf8'), syncFlushes: () => syncFlushes };
}

const line = (n: number) => `{"level":30,"n":${n},"msg":"request completed"}\n`;

describe('BatchedLogWriter', () => {
  it('holds lines until 32 kB are buffered, then hands them on whole and in order', () => {
    const { writer, chunks, text } = recorder();
    const below: string[] = [];
    for (let n = 0, bytes = 0; bytes + line(n).length < 32768; bytes += line(n++).length) below.push(line(n));
    for (const each of below) writer.write(each);
    expect(chunks).toHaveLength(0);
    const last = line(below.length);
    writer.write(last);
    expect(chunks).toHaveLength(1);
    expect(text()).toBe(below.join('') + last);
  });

  it('hands on a partial batch when flushed (the one-second timer)', () => {
    const { writer, chunks, text } = recorder();
    writer.write(line(1));
    writer.flush();
    writer.flush();
    expect(chunks).toHaveLength(1);
    expect(text()).toBe(line(1));
  });

  it('keeps characters beyond ASCII and a line longer than a chunk intact', () => {
    const { writer, text } = recorder();
    const long = `{"path":"${'é'.repeat(20_000)}"}\n`;
    writer.write('{"path":"/api/patients?q=Zoë 🌿"}\n');
    writer.write(long);
    writer.write(line(2));
    writer.flush();
    expect(text()).toBe(`{"path":"/api/patients?q=Zoë 🌿"}\n${long}${line(2)}`);
  });

  it('writes what is buffered before the synchronous flush at exit', () => {
    const { writer, text, syncFlushes } = recorder();
    writer.write(line(3));
    writer.flushSync();
    expect(text()).toBe(line(3));
    expect(syncFlushes()).toBe(1);
  });

  it('lets a process that exits right after logging keep every line on standard output', () => {
    // The real writer on fd 1, in a child process that exits while lines are still buffered and
    // while an asynchronous write may be under way.
    const script = `
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { stdoutLogWriter } = require(${JSON.stringify(require.resolve('./batched-log-writer'))});
      const out = stdoutLogWriter();
      for (let n = 0; n < 1000; n++) out.write('line ' + n + '\\n');
      process.exit(0);
    `;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const lines = output.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1000);
    expect(lines[999]).toBe('line 999');
    expect(lines).toEqual(Array.from({ length: 1000 }, (_, n) => `line ${n}`));
  });

  it('keeps the process alive when whoever read its standard output has gone (EPIPE)', async () => {
    const script = `
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { stdoutLogWriter } = require(${JSON.stringify(require.resolve('./batched-log-writer'))});
      const out = stdoutLogWriter();
      const burst = () => { for (let n = 0; n < 2000; n++) out.write('line ' + n + '\\n'); out.flush(); };
      setTimeout(burst, 300);
      setTimeout(burst, 600);
      setTimeout(() => { console.error('still running'); process.exit(0); }, 900);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toContain('still running');
    expect(stderr.match(/can no longer be written to standard output \(EPIPE/g)).toHaveLength(1);
    expect(code).toBe(0);
  });
});

describe('DescriptorSink', () => {
  const busy = () => Object.assign(new Error('resource temporarily unavailable'), { code: 'EAGAIN' });
  const gone = () => Object.assign(new Error('broken pipe'), { code: 'EPIPE' });
  const fine = () => null;

  /** A descriptor that takes at most `most` bytes per write and fails as `failures` says. */
  function descriptor(most: number, failures: (() => Error | null)[] = []) {
    const taken: Buffer[] = [];
    const take = (chunk: Buffer) => {
      const failure = failures.shift()?.() ?? null;
      if (failure) throw failure;
      const part = chunk.subarray(0, most);
      taken.push(Buffer.from(part));
      return part.length;
    };
    const io: DescriptorIo = {
      write: (_fd, chunk, offset, length, _position, done) =>
        setImmediate(() => {
          try {
            done(null, take(chunk.subarray(offset, offset + length)));
          } catch (error) {
            done(error as NodeJS.ErrnoException, 0);
          }
        }),
      writeSync: (_fd, chunk) => take(chunk),
    };
    const reports: string[] = [];
    const sink = new DescriptorSink(99, io, (message) => reports.push(message));
    return { sink, reports, text: () => Buffer.concat(taken).toString('utf8') };
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve, 60));

  it('writes every batch whole and in order when the descriptor takes a few bytes at a time', async () => {
    const { sink, text } = descriptor(7);
    sink.write(Buffer.from('first batch of lines\n'));
    sink.write(Buffer.from('second batch\n'));
    await settled();
    expect(text()).toBe('first batch of lines\nsecond batch\n');
  });

  it('tries a full pipe again instead of dropping the batch', async () => {
    const { sink, text, reports } = descriptor(1000, [busy, busy]);
    sink.write(Buffer.from('kept\n'));
    sink.write(Buffer.from('and this\n'));
    await settled();
    expect(text()).toBe('kept\nand this\n');
    expect(reports).toEqual([]);
  });

  it('stops logging, says so once and keeps going when the reader has gone', async () => {
    const { sink, text, reports } = descriptor(1000, [gone]);
    sink.write(Buffer.from('lost\n'));
    await settled();
    sink.write(Buffer.from('dropped\n'));
    sink.flushSync();
    await settled();
    expect(text()).toBe('');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('broken pipe');
  });

  it('writes what waits synchronously at exit, in order, past partial writes and a full pipe', () => {
    // The first batch starts an asynchronous write, which reaches the descriptor only after this
    // synchronous code; flushSync writes the batches behind it now: 4 bytes, a full pipe, the rest.
    const { sink, text } = descriptor(4, [fine, busy]);
    sink.write(Buffer.from('in flight\n'));
    sink.write(Buffer.from('waiting 1\n'));
    sink.write(Buffer.from('waiting 2\n'));
    sink.flushSync();
    expect(text()).toBe('waiting 1\nwaiting 2\n');
  });

  it('gives a synchronous write that fails for good up at once instead of retrying forever', () => {
    const { sink, reports } = descriptor(1000, [gone]);
    sink.write(Buffer.from('in flight\n'));
    sink.write(Buffer.from('waiting\n'));
    sink.flushSync();
    expect(reports).toHaveLength(1);
  });
});

