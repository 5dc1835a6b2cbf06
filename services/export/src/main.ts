import './instrument';
import { runService } from '@verity/service-runtime';
import { ExportModule } from './export.module';
import { exportSettings } from './export.settings';

void runService({
  service: 'export',
  settings: exportSettings,
  module: (config) => ExportModule.register(config),
});
