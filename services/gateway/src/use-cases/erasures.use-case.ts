import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { createEvent, newEnvelope, TOPICS, uuidv7 } from '@verity/contracts';
import { DATA_SOURCE, EventRuntime, validate } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { MANAGE, ProjectAccess } from './project-access.service';
import { erasureListQuerySchema, erasureRequestSchema, ErasureView } from '../http/erasure.schemas';
import { ErasuresRepository } from '../db/erasures.repository';

/**
 * Erasure requests of a project: only its project managers and admins may ask or look (others
 * who belong to the project get 403, everyone else 404, before the body is read). A request is
 * written to the audit log and its `requested` step to the outbox for erasures.v1 in one
 * transaction; ingestion resolves it and every holder of copies follows (202).
 */
@Injectable()
export class ErasuresUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly erasures: ErasuresRepository,
    private readonly events: EventRuntime,
  ) {}

  async request(caller: Principal, projectId: string, body: unknown): Promise<{ erasureId: string; status: 'pending' }> {
    await this.access.require(caller, projectId, MANAGE);
    const input = validate(erasureRequestSchema, body);
    const erasureId = uuidv7();
    const requestedAt = new Date();
    const event = createEvent(TOPICS.erasures, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.erasures, occurredAt: requestedAt }),
      erasureId,
      step: {
        case: 'requested',
        value: { itemId: input.itemId, source: input.source ?? '', sourceId: input.sourceId ?? '', requestedBy: caller.id },
      },
    });
    await this.ds.transaction(async (tx) => {
      await this.erasures.insert(tx, projectId, {
        erasureId,
        itemId: input.itemId,
        source: input.source,
        sourceId: input.sourceId,
        requestedBy: caller.id,
        requestedByKind: caller.kind,
        requestedAt,
      });
      await this.events.outbox.enqueue(tx, TOPICS.erasures, event);
    });
    this.events.relay.kick();
    return { erasureId, status: 'pending' };
  }

  async list(caller: Principal, projectId: string, query: unknown): Promise<{ erasures: ErasureView[] }> {
    await this.access.require(caller, projectId, MANAGE);
    const { limit } = validate(erasureListQuerySchema, query);
    return { erasures: await this.erasures.list(projectId, limit) };
  }

  async get(caller: Principal, projectId: string, erasureId: string): Promise<ErasureView> {
    await this.access.require(caller, projectId, MANAGE);
    const e = await this.erasures.get(projectId, erasureId);
    if (!e) throw new NotFoundException('erasure not found');
    return e;
  }
}
