import { Module, type DynamicModule } from '@nestjs/common';
import { ApiCoreModule, type ApiCoreOptions, type AppConfig } from '@kap/api/core';
import { OutcomesModule } from '@kap/api/outcomes';
import { PatientsModule } from '@kap/api/patients';
import { SessionsNotesModule } from '@kap/api/sessions-notes';
import { SharingModule } from '@kap/api/sharing';

/** Wiring only: the core, then one module per clinical area as they arrive. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: ApiCoreOptions = {}): DynamicModule {
    return { module: AppModule, imports: [ApiCoreModule.forRoot(config, options), PatientsModule, OutcomesModule, SessionsNotesModule, SharingModule] };
  }
}
