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
  /** Label versions learned from labels.v1 (newer than the one known). */
  labelsRecorded = 0;
  /** Tasks created because a split in a migration map covered the item's label. */
  itemsRequeuedBySplit = 0;
  /** Tasks created because a version published with relabel policy RELABEL asked a label again. */
  itemsRequeuedByRelabel = 0;
  /** Tasks of questions new in a RELABEL version, for items decomposed under an older one. */
  newQuestionTasks = 0;
}
