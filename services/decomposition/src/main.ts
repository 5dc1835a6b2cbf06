import './instrument';
import { runService } from '@verity/service-runtime';
import { DecompositionModule } from './decomposition.module';
import { decompositionSettings } from './decomposition.settings';

void runService({
  service: 'decomposition',
  settings: decompositionSettings,
  module: (config) => DecompositionModule.register(config),
});
