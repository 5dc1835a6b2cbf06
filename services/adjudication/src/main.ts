import './instrument';
import { runService } from '@verity/service-runtime';
import { AdjudicationModule } from './adjudication.module';
import { adjudicationSettings } from './adjudication.settings';

void runService({
  service: 'adjudication',
  settings: adjudicationSettings,
  module: (config) => AdjudicationModule.register(config),
});
