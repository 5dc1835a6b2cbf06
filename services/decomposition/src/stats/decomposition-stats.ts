import { Injectable } from '@nestjs/common';

/** Counters since start (GET /stats; dead letters come from the consumers). */
@Injectable()
export class DecompositionStats {
  tasksCreated = 0;
  itemsDecomposed = 0;
  itemsPending = 0;
  itemsReleased = 0;
  itemsSkippedArchived = 0;
  decisionsApplied = 0;
  decisionsForUnknownTasks = 0;
  projectSnapshotsApplied = 0;
  projectSnapshotsStale = 0;
}
