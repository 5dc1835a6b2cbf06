import './instrument';
import { runService } from '@verity/service-runtime';
import { PrelabelModule } from './prelabel.module';
import { prelabelSettings } from './prelabel.settings';

void runService({
  service: 'prelabel',
  settings: prelabelSettings,
  module: (config) => PrelabelModule.register(config),
});
