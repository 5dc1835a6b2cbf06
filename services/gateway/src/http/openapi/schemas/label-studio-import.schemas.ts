import { z } from '@verity/config';
import type { LabelStudioImportResult } from '../../../use-cases/import-label-studio.use-case';
import { type Equals, typeCheck } from './type-check.schemas';

// The answer of POST /v1/projects/{projectId}/imports/label-studio (use-cases/import-label-studio.use-case.ts).

const importedCounts = z
  .strictObject({
    received: z.number().int(),
    applied: z.number().int().meta({ description: 'Bound to a task that already exists' }),
    parked: z.number().int().meta({ description: 'Waiting for their task (the content is on its way)' }),
    duplicates: z.number().int().meta({ description: 'Imported before: nothing changed' }),
  })
  .meta({ id: 'ImportedCounts' });

export const labelStudioImportResultSchema = z
  .strictObject({
    counts: z.strictObject({
      tasks: z.number().int(),
      imported_tasks: z.number().int().meta({ description: 'Tasks whose content was imported' }),
      annotations: z.number().int(),
      cancelled: z.number().int().meta({ description: 'Cancelled annotations, left out' }),
      final_labels: z.number().int().meta({ description: 'Final-label annotations of a Verity export, left out' }),
      predictions: z.number().int(),
    }),
    errors: z
      .array(
        z.strictObject({
          task: z.number().int().meta({ description: '0-based index in `tasks`' }),
          field: z.string().meta({ description: 'e.g. tasks[3].annotations[0].result[1].from_name' }),
          reason: z.string(),
        }),
      )
      .meta({ description: 'What was left out, and why (a faulty task whole, else the faulty annotation or result)' }),
    content: z.strictObject({ published: z.number().int().meta({ description: 'Content events published on content.v1' }) }),
    prelabels: importedCounts,
    answers: importedCounts,
  })
  .meta({ id: 'LabelStudioImportResult' });

typeCheck<Equals<z.output<typeof labelStudioImportResultSchema>, LabelStudioImportResult>>(true);
