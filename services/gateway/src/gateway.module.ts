import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformConfig, PlatformModule } from '@verity/service-runtime';

/** The public HTTP edge. Today: health and readiness; projects, people and the APIs follow. */
@Module({})
export class GatewayModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({
          service: 'gateway',
          schema: 'gateway',
          config,
          topics: [TOPICS.projects],
        }),
      ],
    };
  }
}
