import { Injectable } from '@nestjs/common';

/** Counters of what ingestion did since start (GET /stats; dead letters come from the consumers). */
@Injectable()
export class IngestionStats {
  itemsCreated = 0;
  duplicates = 0;
  unmatched = 0;
  storedPayloads = 0;
  keptOriginals = 0;
  projectSnapshotsApplied = 0;
  projectSnapshotsStale = 0;
}
