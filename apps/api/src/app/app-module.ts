import { Module, type DynamicModule } from '@nestjs/common';
import { ApiCoreModule, type ApiCoreOptions, type AppConfig } from '@kap/api/core';
import { InteropModule } from '@kap/api/interop';
import { OutcomesModule } from '@kap/api/outcomes';
import { PatientsModule } from '@kap/api/patients';
import { SessionsNotesModule } from '@kap/api/sessions-notes';
import { SharingModule } from '@kap/api/sharing';
import { WebhooksModule } from '@kap/api/webhooks';

/** Wiring only: the core, then one module per clinical area as they arrive. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: ApiCoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiCoreModule.forRoot(config, options),
        PatientsModule,
        OutcomesModule,
        SessionsNotesModule,
        SharingModule,
        InteropModule,
        WebhooksModule,
      ],
    };
  }
}
