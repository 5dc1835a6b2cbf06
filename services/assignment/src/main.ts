import './instrument';
import { runService } from '@verity/service-runtime';
import { AssignmentModule } from './assignment.module';
import { assignmentSettings } from './assignment.settings';

void runService({
  service: 'assignment',
  settings: assignmentSettings,
  module: (config) => AssignmentModule.register(config),
});
