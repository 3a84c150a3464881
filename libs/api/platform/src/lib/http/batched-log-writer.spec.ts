import { execFileSync, spawn } from 'node:child_process';
import { BatchedLogWriter, DescriptorSink, type DescriptorIo } from './batched-log-writer';

function recorder() {
  const chunks: Buffer[] = [];
  // A copy, as a real write is done with the bytes when it returns and the writer reuses them.
  const writer = new BatchedLogWriter({ write: (chunk) => void chunks.push(Buffer.from(chunk)) });
  return { writer, chunks, text: () => Buffer.concat(chunks).toString('utf8') };
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

  it('hands on a partial batch when flushed (the one-second timer, exit), and nothing twice', () => {
    const { writer, chunks, text } = recorder();
    writer.write(line(1));
    writer.flush();
    writer.flush();
    writer.write(line(2));
    writer.flush();
    expect(chunks).toHaveLength(2);
    expect(text()).toBe(line(1) + line(2));
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

  it('lets a process that exits right after logging keep every line on standard output', () => {
    // The real writer on fd 1, in a child process that exits with several batches written and the
    // last one still buffered.
    const script = `
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { stdoutLogWriter } = require(${JSON.stringify(require.resolve('./batched-log-writer'))});
      const out = stdoutLogWriter();
      for (let n = 0; n < 10000; n++) out.write('line ' + n + '\\n');
      process.exit(0);
    `;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(output.split('\n').filter(Boolean)).toEqual(Array.from({ length: 10000 }, (_, n) => `line ${n}`));
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

  /** A descriptor that takes at most `most` bytes per write and fails as `failures` says, in turn. */
  function descriptor(most: number, failures: (() => Error | null)[] = []) {
    const taken: Buffer[] = [];
    let calls = 0;
    const io: DescriptorIo = {
      writeSync: (_fd, chunk) => {
        calls++;
        const failure = failures.shift()?.() ?? null;
        if (failure) throw failure;
        const part = chunk.subarray(0, most);
        taken.push(Buffer.from(part));
        return part.length;
      },
    };
    const reports: string[] = [];
    const sink = new DescriptorSink(99, io, (message) => reports.push(message));
    return { sink, reports, calls: () => calls, text: () => Buffer.concat(taken).toString('utf8') };
  }

  it('writes every batch whole and in order when the descriptor takes a few bytes at a time', () => {
    const { sink, text } = descriptor(7);
    sink.write(Buffer.from('first batch of lines\n'));
    sink.write(Buffer.from('second batch\n'));
    expect(text()).toBe('first batch of lines\nsecond batch\n');
  });

  it('tries a full pipe again instead of dropping the batch', () => {
    const { sink, text, reports } = descriptor(4, [fine, busy, busy]);
    sink.write(Buffer.from('kept whole\n'));
    expect(text()).toBe('kept whole\n');
    expect(reports).toEqual([]);
  });

  it('drops a batch a full pipe holds up for a second, says so, and writes the next one', () => {
    const { sink, text, reports } = descriptor(
      1000,
      Array.from({ length: 101 }, () => busy),
    );
    sink.write(Buffer.from('dropped\n'));
    sink.write(Buffer.from('next\n'));
    expect(text()).toBe('next\n');
    expect(reports).toEqual([expect.stringContaining('8 bytes of them were dropped')]);
  });

  it('gives later batches one try each while the pipe stays full, and waits again once it drained', () => {
    const { sink, text, reports, calls } = descriptor(1000, [
      ...Array.from({ length: 101 }, () => busy),
      busy,
      busy,
      fine,
      busy,
      fine,
    ]);
    sink.write(Buffer.from('dropped after a second\n'));
    expect(calls()).toBe(101);
    // One call each: no waiting on a pipe that is known to be full.
    sink.write(Buffer.from('dropped at once\n'));
    sink.write(Buffer.from('dropped at once too\n'));
    expect(calls()).toBe(103);
    sink.write(Buffer.from('written\n'));
    // Drained: a full pipe is waited for again, so this batch gets its second try.
    sink.write(Buffer.from('written after a wait\n'));
    expect(text()).toBe('written\nwritten after a wait\n');
    expect(reports).toHaveLength(1);
  });

  it('stops logging, says so once and never throws when the reader has gone', () => {
    const { sink, text, reports, calls } = descriptor(1000, [gone]);
    expect(() => sink.write(Buffer.from('lost\n'))).not.toThrow();
    sink.write(Buffer.from('not tried\n'));
    expect(text()).toBe('');
    expect(calls()).toBe(1);
    expect(reports).toEqual([expect.stringContaining('broken pipe')]);
  });
});
