import { Module, type DynamicModule } from '@nestjs/common';
import { ApiCoreModule, type AppConfig, type Clock } from '@kap/api/core';
import { OutcomesModule } from '@kap/api/outcomes';
import { PatientsModule } from '@kap/api/patients';

/** Wiring only: the core, then one module per clinical area as they arrive. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { clock?: Clock } = {}): DynamicModule {
    return { module: AppModule, imports: [ApiCoreModule.forRoot(config, options), PatientsModule, OutcomesModule] };
  }
}
