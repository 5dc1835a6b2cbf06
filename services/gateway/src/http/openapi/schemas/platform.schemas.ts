import { z } from '@verity/config';

/** GET /healthz (the platform's HealthController): the process answers. */
export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });

/** GET /readyz: 200 ready, 503 naming the dependency that is down. */
export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'not ready']),
    checks: z
      .record(
        z.string(),
        z.strictObject({ ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
      )
      .meta({
        description: 'kafka, postgres, s3: each checked with a timeout',
      }),
  })
  .meta({ id: 'Readiness' });
