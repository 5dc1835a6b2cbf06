import { z } from '@verity/config';
import { statsRange } from '@verity/service-runtime';

/** Assignment's stats query: the platform's range, plus the window the answer rate is measured over. */
export const assignmentStatsRange = (query: unknown, now = new Date()) =>
  statsRange(query, now, {
    /** Seconds of recent activity the answer rate is measured over. */
    window: z.coerce.number().int().min(60).max(86_400).default(900),
  });
