import type { Provider, Type } from '@nestjs/common';
import { PROJECT_SNAPSHOT_APPLIER, type ProjectSnapshotApplier } from './project-snapshot-applier';

/**
 * The service's applier, for the shared projects.v1 consumer (`ProjectSnapshotsConsumer`, which
 * the module lists among its controllers).
 */
export function projectSnapshotProviders(applier: Type<ProjectSnapshotApplier>): Provider[] {
  return [applier, { provide: PROJECT_SNAPSHOT_APPLIER, useExisting: applier }];
}
