import { Inject, Injectable } from '@nestjs/common';
import { z } from '@verity/config';
import { DATA_SOURCE, validate, type Principal } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { LeaseRepository } from '../db/lease.repository';
import { OwnLeaseService } from './own-lease.service';

export const skipBody = z
  .object({
    leaseId: z.string().min(1, 'is required'),
    reason: z.string().trim().min(1, 'a reason is required').max(1000),
  })
  .strict();

/**
 * POST /v1/tasks/:taskId/skip: the caller gives the task back with a reason. The slot reopens
 * for others; the skip is recorded and the caller never gets this task (or item-question) again.
 */
@Injectable()
export class SkipTaskUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly ownLease: OwnLeaseService,
    private readonly leases: LeaseRepository,
  ) {}

  async execute(principal: Principal, taskId: string, body: unknown): Promise<{ taskId: string; skipped: true }> {
    const input = validate(skipBody, body);
    await this.ds.transaction(async (tx) => {
      const lease = await this.ownLease.lockLive(tx, principal, taskId, input.leaseId);
      await this.leases.recordSkip(tx, lease.projectId, lease, input.reason);
    });
    return { taskId, skipped: true };
  }
}
