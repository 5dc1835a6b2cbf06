import './instrument';
import { runService } from '@verity/service-runtime';
import { IngestionModule } from './ingestion.module';
import { ingestionSettings } from './ingestion.settings';

void runService({
  service: 'ingestion',
  settings: ingestionSettings,
  module: (config) => IngestionModule.register(config),
});
