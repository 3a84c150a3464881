/**
 * Preloaded into a separate API process (`node -r tools/bench/capture-sql.cjs dist/apps/api/main.js`)
 * by the benchmark, never into the one it measures: records every statement the API sends through
 * `pg`, with its parameters as they go on the wire, which connection ran it, and when it started
 * and ended. The benchmark replays exactly these statements as each route's "SQL floor".
 */
const fs = require('node:fs');
const { Client } = require('pg');
const { prepareValue } = require('pg/lib/utils');

const file = process.env.BENCH_CAPTURE_FILE;
if (!file) throw new Error('capture-sql.cjs needs BENCH_CAPTURE_FILE');
const ids = new WeakMap();
let nextClient = 1;
const original = Client.prototype.query;

Client.prototype.query = function capturedQuery(config, values, callback) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (typeof text !== 'string' || (config && typeof config.submit === 'function')) {
    return original.call(this, config, values, callback);
  }
  if (!ids.has(this)) ids.set(this, nextClient++);
  const params = (Array.isArray(values) ? values : (config && config.values) || []).map((v) => {
    const prepared = prepareValue(v);
    return Buffer.isBuffer(prepared) ? prepared.toString() : prepared;
  });
  const name = config && typeof config === 'object' && config.name ? config.name : undefined;
  const entry = { client: ids.get(this), name, text, params, start: performance.now(), end: 0 };
  const done = (result) => {
    entry.end = performance.now();
    // The ids an INSERT … RETURNING made: a replay maps them to the ids its own insert returns.
    const rows = result && Array.isArray(result.rows) ? result.rows : [];
    if (/^\s*INSERT\b/i.test(text) && rows.length > 0 && rows[0] && typeof rows[0].id === 'string') {
      entry.returnedIds = rows.map((row) => row.id);
    }
    fs.appendFileSync(file, JSON.stringify(entry) + '\n');
  };
  // pg.Pool#query passes a callback; TypeORM awaits the promise. Both are recorded.
  const cb = typeof values === 'function' ? values : callback;
  if (typeof cb === 'function') {
    const wrapped = (error, result) => {
      done(error ? undefined : result);
      cb(error, result);
    };
    return typeof values === 'function'
      ? original.call(this, config, wrapped)
      : original.call(this, config, values, wrapped);
  }
  const result = original.call(this, config, values);
  if (result && typeof result.then === 'function') result.then(done, () => done());
  return result;
};
