import { z } from '@verity/config';
import { contentTypeSchema } from '../domain/content-types.rule';

/** Question types as the HTTP API spells them (QuestionKind in common/v1/ontology.proto). */
export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'free_text', 'text_span', 'time_segment', 'box'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'only letters, digits and _ . : -');

const optionSchema = z.strictObject({
  id,
  label: z.string().trim().min(1).max(500),
  description: z.string().max(5000).default(''),
});

const conditionSchema = z.strictObject({
  questionId: id,
  anyOf: z.array(id).min(1, 'needs at least one option id').max(1000),
});

// `type` is a plain string here: an unknown type is a fault the ontology validator names.
const questionSchema = z.strictObject({
  id,
  type: z.string().min(1).max(100),
  prompt: z.string().trim().min(1).max(5000),
  options: z.array(optionSchema).max(1000).default([]),
  required: z.boolean().default(true),
  condition: conditionSchema.optional(),
  contentTypes: z.array(contentTypeSchema).max(4).default([]),
  minSelections: z.number().int().min(0).optional(),
  maxSelections: z.number().int().min(1).optional(),
});

const span = z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0), optionId: id, text: z.string().max(100000).default('') });
const segment = z.strictObject({ startMs: z.number().int().min(0), endMs: z.number().int().min(0), optionId: id });
const box = z.strictObject({
  x: z.number(),
  y: z.number(),
  width: z.number().min(0),
  height: z.number().min(0),
  optionId: id,
  frameMs: z.number().int().min(0).optional(),
});

/** An answer in a worked example: exactly one variant. */
export const exampleAnswerSchema = z.union([
  z.strictObject({ choice: z.array(id).min(1) }),
  z.strictObject({ freeText: z.string().min(1).max(100000) }),
  z.strictObject({ textSpans: z.array(span).min(1) }),
  z.strictObject({ timeSegments: z.array(segment).min(1) }),
  z.strictObject({ boxes: z.array(box).min(1) }),
]);
export type ExampleAnswer = z.output<typeof exampleAnswerSchema>;

const exampleSchema = z.strictObject({
  content: z.string().min(1).max(100000),
  questionId: id,
  answer: exampleAnswerSchema,
  explanation: z.string().max(10000).default(''),
});

/** Body of creating or replacing a draft ontology version. */
export const ontologyDraftSchema = z.strictObject({
  guidelines: z
    .strictObject({
      text: z.string().max(200000).default(''),
      examples: z.array(exampleSchema).max(1000).default([]),
    })
    .default({ text: '', examples: [] }),
  questions: z.array(questionSchema).min(1, 'an ontology needs at least one question').max(500),
});
export type OntologyDraft = z.output<typeof ontologyDraftSchema>;
export type QuestionInput = OntologyDraft['questions'][number];

export const RELABEL_POLICIES = ['keep', 'relabel', 'exclude'] as const;
export type RelabelPolicyName = (typeof RELABEL_POLICIES)[number];

/** Kinds of a migration map entry (OptionMigrationKind in common/v1/ontology.proto). */
export const MIGRATION_KINDS = ['rename', 'merge', 'split'] as const;
export type MigrationKindName = (typeof MIGRATION_KINDS)[number];

/**
 * One entry of the migration map a version is published with: options of `questionId` in the
 * previous published version (`from`) become options of the new version (`to`). rename: a → b,
 * merge: a, b → c (labels rewritten, no human work); split: a → b | c (humans decide again).
 * Arity, options and cycles are checked by `validateMigrations` (every fault at once).
 */
export const migrationEntrySchema = z.strictObject({
  questionId: id,
  kind: z.enum(MIGRATION_KINDS),
  from: z.array(id).max(1000),
  to: z.array(id).max(1000),
});
export type MigrationEntry = z.output<typeof migrationEntrySchema>;

export const publishSchema = z.strictObject({
  relabelPolicy: z.enum(RELABEL_POLICIES).optional(),
  migrations: z.array(migrationEntrySchema).max(10000).optional(),
});
