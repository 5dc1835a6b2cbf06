import { ConflictException, Injectable } from '@nestjs/common';
import type { Principal } from '@verity/service-runtime';
import type { Queryable } from '@verity/persistence';
import { AnnotatorAccessService } from './annotator-access.service';
import { LeaseRepository, type LeaseRecord } from '../db/lease.repository';

/**
 * Finds the caller's live lease on a task, locked, for submit and skip. A task the caller may
 * not see is 404 (whether it exists or not); a lease that is not theirs is 409 with the same
 * words as an unknown one (nothing about other annotators leaks); an ended lease is 409 naming why.
 */
@Injectable()
export class OwnLeaseService {
  constructor(
    private readonly access: AnnotatorAccessService,
    private readonly leases: LeaseRepository,
  ) {}

  async lockLive(tx: Queryable, principal: Principal, taskId: string, leaseId: string): Promise<LeaseRecord> {
    const { project } = await this.access.requireOnTask(tx, principal, taskId, { forNewWork: false });
    const projectId = project.projectId;
    const lease = await this.leases.lockLease(tx, projectId, taskId, leaseId);
    if (!lease || lease.annotatorId !== principal.id) {
      throw new ConflictException(`lease ${leaseId} is not a lease of yours on task ${taskId}`);
    }
    if (lease.state === 'submitted') throw new ConflictException('lease already used: the answer was submitted');
    if (lease.state === 'skipped') throw new ConflictException('lease already ended: the task was skipped');
    if (lease.state === 'expired' || !lease.live || lease.currentLeaseId !== lease.leaseId) {
      throw new ConflictException(
        `lease expired at ${new Date(lease.expiresAt).toISOString()}; the task went back to the queue and this submission does not count`,
      );
    }
    return lease;
  }
}
