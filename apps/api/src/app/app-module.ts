import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@kap/api/audit';
import { IdentityModule } from '@kap/api/identity';
import { PlatformModule, type AppConfig, type PlatformOptions } from '@kap/api/platform';
import { InteropModule } from '@kap/api/interop';
import { OutcomesModule } from '@kap/api/outcomes';
import { PatientsModule } from '@kap/api/patients';
import { SessionsNotesModule } from '@kap/api/sessions-notes';
import { SharingModule } from '@kap/api/sharing';
import { WebhooksModule } from '@kap/api/webhooks';

/** Wiring only: platform, audit and identity, then one module per clinical area. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, options),
        AuditModule,
        IdentityModule,
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
