import { Injectable } from '@nestjs/common';
import type { RequestState } from '../domain/queue.policy';
import { type Queryable, row, rows } from '@verity/persistence';

/** One row of the expert queue. `event` is the AdjudicationEvent in protobuf JSON. */
export interface RequestRow {
  requestId: string;
  projectId: string;
  itemId: string;
  taskId: string;
  questionId: string;
  ontologyVersion: number;
  reasons: string[];
  priority: number;
  detail: string;
  state: RequestState;
  claimedBy: string | null;
  claimedAt: Date | null;
  leaseExpiresAt: Date | null;
  escalatedBy: string | null;
  escalatedAt: Date | null;
  escalationNote: string | null;
  answererIds: string[];
  event: unknown;
  eventId: string;
  requestedAt: Date;
  decidedAt: Date | null;
}

/** A request to queue in a project (the project id is the repository call's own argument). */
export interface NewRequest {
  requestId: string;
  itemId: string;
  taskId: string;
  questionId: string;
  ontologyVersion: number;
  reasons: string[];
  priority: number;
  detail: string;
  answererIds: string[];
  event: unknown;
  eventId: string;
  requestedAt: Date;
}

const COLUMNS = `request_id AS "requestId", project_id AS "projectId", item_id AS "itemId", task_id AS "taskId",
  question_id AS "questionId", ontology_version AS "ontologyVersion", reasons, priority, detail, state,
  claimed_by AS "claimedBy", claimed_at AS "claimedAt", lease_expires_at AS "leaseExpiresAt",
  escalated_by AS "escalatedBy", escalated_at AS "escalatedAt", escalation_note AS "escalationNote",
  answerer_ids AS "answererIds", event, event_id AS "eventId", requested_at AS "requestedAt", decided_at AS "decidedAt"`;

/** Queue order (see domain/queue-policy compareQueue). */
const QUEUE_ORDER = `priority DESC, requested_at, request_id`;

@Injectable()
export class RequestRepository {
  /** Queues a request once: a request id seen before (a re-published request) is ignored. */
  async insert(db: Queryable, projectId: string, r: NewRequest): Promise<boolean> {
    const inserted = await rows<{ request_id: string }>(
      db,
      `INSERT INTO adjudication.requests (request_id, project_id, item_id, task_id, question_id, ontology_version, reasons,
         priority, detail, state, answerer_ids, event, event_id, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, 'open', $10::text[], $11::jsonb, $12, $13)
       ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [
        r.requestId,
        projectId,
        r.itemId,
        r.taskId,
        r.questionId,
        r.ontologyVersion,
        r.reasons,
        r.priority,
        r.detail,
        r.answererIds,
        JSON.stringify(r.event),
        r.eventId,
        r.requestedAt,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * The project a request belongs to, for the access check of the routes that name only the
   * request (/v1/adjudications/:requestId); null for an unknown request.
   * @crossProject it finds the request's project: the caller has no project id yet
   */
  async projectOf(db: Queryable, requestId: string): Promise<string | null> {
    const found = await row<{ projectId: string }>(db, `SELECT project_id AS "projectId" FROM adjudication.requests WHERE request_id = $1`, [
      requestId,
    ]);
    return found?.projectId ?? null;
  }

  async find(db: Queryable, projectId: string, requestId: string, opts: { forUpdate?: boolean } = {}): Promise<RequestRow | null> {
    const found = await row<RequestRow>(
      db,
      `SELECT ${COLUMNS} FROM adjudication.requests WHERE request_id = $1 AND project_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [requestId, projectId],
    );
    return found ?? null;
  }

  /** A project's queue in one state, in queue order (decided: most recent first). */
  async list(db: Queryable, projectId: string, state: RequestState, limit: number): Promise<RequestRow[]> {
    const order = state === 'decided' ? 'decided_at DESC, request_id' : QUEUE_ORDER;
    return rows<RequestRow>(db, `SELECT ${COLUMNS} FROM adjudication.requests WHERE project_id = $1 AND state = $2 ORDER BY ${order} LIMIT $3`, [
      projectId,
      state,
      limit,
    ]);
  }

  /**
   * Claims the next request of a queue for `userId` (domain/queue-policy pickNext, in SQL): the
   * caller's own live claim if any (its lease is renewed), else the first request in queue
   * order that nobody holds a live lease on and that carries no answer of the caller's.
   * SKIP LOCKED: two adjudicators claiming at once never get the same request.
   */
  async claimNext(db: Queryable, projectId: string, queue: 'open' | 'escalated', userId: string, leaseSeconds: number): Promise<RequestRow | null> {
    const mine = await row<{ requestId: string }>(
      db,
      `SELECT request_id AS "requestId" FROM adjudication.requests
       WHERE project_id = $1 AND state = $2 AND claimed_by = $3 AND lease_expires_at > now()
       ORDER BY ${QUEUE_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [projectId, queue, userId],
    );
    let id = mine?.requestId;
    if (!id) {
      const free = await row<{ requestId: string }>(
        db,
        `SELECT request_id AS "requestId" FROM adjudication.requests
         WHERE project_id = $1 AND state = $2 AND (claimed_by IS NULL OR lease_expires_at <= now())
           AND NOT ($3 = ANY (answerer_ids))
         ORDER BY ${QUEUE_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [projectId, queue, userId],
      );
      id = free?.requestId;
    }
    if (!id) return null;
    await this.claim(db, projectId, id, userId, leaseSeconds);
    return this.find(db, projectId, id);
  }

  /** Gives (or renews) the caller's lease on a request. */
  async claim(db: Queryable, projectId: string, requestId: string, userId: string, leaseSeconds: number): Promise<void> {
    await db.query(
      `UPDATE adjudication.requests
       SET claimed_by = $2, claimed_at = CASE WHEN claimed_by = $2 AND lease_expires_at > now() THEN claimed_at ELSE now() END,
           lease_expires_at = now() + ($3::int * interval '1 second')
       WHERE request_id = $1 AND project_id = $4`,
      [requestId, userId, leaseSeconds, projectId],
    );
  }

  async markEscalated(db: Queryable, projectId: string, requestId: string, by: string, note: string): Promise<void> {
    await db.query(
      `UPDATE adjudication.requests SET state = 'escalated', escalated_by = $2, escalated_at = now(), escalation_note = $3,
         claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL
       WHERE request_id = $1 AND project_id = $4 AND state = 'open'`,
      [requestId, by, note, projectId],
    );
  }

  async markDecided(db: Queryable, projectId: string, requestId: string, decidedAt: Date): Promise<void> {
    await db.query(
      `UPDATE adjudication.requests SET state = 'decided', decided_at = $2, lease_expires_at = NULL
       WHERE request_id = $1 AND project_id = $3 AND state IN ('open', 'escalated')`,
      [requestId, decidedAt, projectId],
    );
  }
}
