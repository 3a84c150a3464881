import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives working defaults for a newcomer: port 3000, embedded database in .data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      seedDemo: null,
      demoPassword: 'kap-demo-2026',
      dbPoolMax: 1,
    });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('reads a real PostgreSQL, with a pool sized to the cores (twice the cores, plus one) unless DB_POOL_MAX says', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' })).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      seedDemo: true,
      dbPoolMax: 2 * availableParallelism() + 1,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DB_POOL_MAX: '20' }).dbPoolMax).toBe(20);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO must be true or false/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('keeps memory:// data dirs as they are', () => {
    expect(loadConfig({ DATA_DIR: 'memory://' }).dataDir).toBe('memory://');
  });
});
