import './instrument';
import { runService } from '@verity/service-runtime';
import { QualityModule } from './quality.module';
import { qualitySettings } from './quality.settings';

void runService({
  service: 'quality',
  settings: qualitySettings,
  module: (config) => QualityModule.register(config),
});
