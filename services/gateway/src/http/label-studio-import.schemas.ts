import { identifier, z } from '@verity/config';

/** Most Label Studio tasks in one import call (each also becomes a content event). */
export const MAX_IMPORT_TASKS = 1000;

/**
 * POST /v1/projects/:projectId/imports/label-studio: a Label Studio JSON export (its tasks, as
 * they are: @verity/interchange reads each and reports what it cannot take) and the project's
 * labeling config. The count of tasks is checked before this schema (413 naming `tasks`).
 */
export const labelStudioImportSchema = z
  .strictObject({
    tasks: z
      .array(z.unknown())
      .min(1)
      .meta({ description: `Label Studio tasks (\`data\`, \`predictions\`, \`annotations\`), 1–${MAX_IMPORT_TASKS} per call` }),
    config: z
      .string()
      .min(1)
      .max(1024 * 1024)
      .meta({ description: 'The Label Studio labeling config (XML); its <Choices> must match the published ontology' }),
    source: identifier(200).default('label-studio').meta({ description: 'content.v1 source of the imported content (the project filter must take it)' }),
    textField: identifier(200).optional().meta({ description: 'The data field (or object tag name) holding the text, when the config has several' }),
    annotators: z
      .record(identifier(320), identifier(200))
      .refine((m) => Object.keys(m).length <= 10000, 'at most 10000 entries')
      .optional()
      .meta({ description: 'Label Studio user id or e-mail → Verity annotator id; unmapped users answer as `label-studio:<id>`' }),
    defaultModelVersion: identifier(200).optional().meta({ description: 'Model version of predictions that have none' }),
  });
export type LabelStudioImportInput = z.output<typeof labelStudioImportSchema>;
