import { execFileSync } from 'node:child_process';
import { BatchedLogWriter } from './batched-log-writer';

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
});
