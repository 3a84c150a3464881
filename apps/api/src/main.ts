import 'reflect-metadata';
import { ConfigError, createHttpApp, DataDirInUseError, loadConfig } from '@kap/api/platform';
import { runAdminCommand } from './app/admin-commands';
import { AppModule } from './app/app-module';
import openApiMetadata from './app/openapi-metadata';
import { startDatabase } from './app/start-database';

// The only place that reads the environment; everything else receives the validated config.
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const command = process.argv[2];
  const { config: ready, embedded } = await startDatabase(config, { seed: command === undefined });
  if (command !== undefined) {
    try {
      return await runAdminCommand(process.argv.slice(2), ready, process.env);
    } finally {
      await embedded?.stop();
    }
  }
  const app = await createHttpApp(AppModule.forRoot(ready), ready, openApiMetadata);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Close HTTP and the pool first; the embedded server must outlive the pool.
      void app
        .close()
        .catch((error: unknown) => console.error('Error while closing the API:', error))
        .then(() => embedded?.stop())
        .catch((error: unknown) => console.error('Error while closing the embedded database:', error))
        .finally(() => process.exit(0));
    });
  }
  await app.listen(ready.port, ready.host);
  console.log(
    `KAP Care is running on http://localhost:${ready.port} ` +
      (embedded ? `with the embedded database in ${ready.dataDir}` : 'on PostgreSQL'),
  );
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof ConfigError || error instanceof DataDirInUseError) {
      console.error(error.message);
      process.exit(78);
    }
    console.error('KAP Care could not start:', error);
    process.exit(1);
  },
);
