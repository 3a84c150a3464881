import { Module, type DynamicModule } from '@nestjs/common';
import { ApiCoreModule, type AppConfig } from '@kap/api/core';

/** Wiring only: the core, then one module per clinical area as they arrive. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppModule, imports: [ApiCoreModule.forRoot(config)] };
  }
}
