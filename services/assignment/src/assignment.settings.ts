import { setting, z } from '@verity/config';
import type { PlatformConfig } from '@verity/service-runtime';

/** Settings of assignment beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP). */
export const assignmentSettings = {
  /**
   * Where tasks come from: `prelabels` (prelabels.v1: the task plus the machine draft and its
   * route; the platform's path, decomposition → prelabel → assignment), `tasks` (tasks.v1, for
   * a deployment without the prelabel service), or `both` (a prelabel attaches its draft to, or
   * withdraws, a task already queued from tasks.v1).
   */
  ASSIGNMENT_TASK_SOURCE: z.enum(['tasks', 'prelabels', 'both']).default('prelabels'),
  /** Lease length when the project's policy says 0. */
  ASSIGNMENT_DEFAULT_LEASE_SECONDS: setting.positiveInt().default(600),
  /** Redundancy when neither the task nor the project says (answers_required = 0). */
  ASSIGNMENT_DEFAULT_ANSWERS: setting.positiveInt().default(3),
  /** Most live leases one annotator may hold in one project (load spreading). */
  ASSIGNMENT_MAX_ACTIVE_LEASES: setting.positiveInt().default(5),
  /** How often expired leases are swept back into the queue (they are also reclaimed lazily). */
  ASSIGNMENT_SWEEP_INTERVAL_MS: setting.positiveInt().default(5000),
  /** Secret seed of the honeypot schedule (deterministic per seed, annotator and lease count). */
  ASSIGNMENT_HONEYPOT_SEED: z.string().min(8).default('verity-honeypot-seed'),
  /** Longest free-text answer, in characters. */
  ASSIGNMENT_MAX_FREE_TEXT_CHARS: setting.positiveInt().default(10000),
};

export type AssignmentSettings = { [K in keyof typeof assignmentSettings]: z.output<(typeof assignmentSettings)[K]> };

/** The whole configuration of the service: platform settings plus its own. */
export type AssignmentConfig = PlatformConfig & AssignmentSettings;
export const ASSIGNMENT_CONFIG = Symbol('ASSIGNMENT_CONFIG');
