import type { Provider, Type } from '@nestjs/common';
import { PROJECT_SNAPSHOT_APPLIER, PROJECT_SNAPSHOT_OPTIONS, type ProjectSnapshotApplier, type ProjectSnapshotOptions } from './project-snapshot-applier';
import { ProjectSnapshotsConsumer } from './project-snapshots.consumer';

/** The shared projects.v1 consumer, handing each snapshot to the service's applier (a provider of the module). */
export function projectSnapshotProviders(applier: Type<ProjectSnapshotApplier>, options: ProjectSnapshotOptions = {}): Provider[] {
  return [
    { provide: PROJECT_SNAPSHOT_APPLIER, useExisting: applier },
    { provide: PROJECT_SNAPSHOT_OPTIONS, useValue: options },
    ProjectSnapshotsConsumer,
  ];
}
