import './instrument';
import { runService } from '@verity/service-runtime';
import { GatewayModule } from './gateway.module';
import { gatewaySettings } from './gateway.settings';

void runService({
  service: 'gateway',
  settings: gatewaySettings,
  module: (config) => GatewayModule.register(config),
});
