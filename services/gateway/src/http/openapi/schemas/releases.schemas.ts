import { z } from '@verity/config';
import { timestamp } from './common.schemas';

// Dataset releases and the label audit, served by the export service (services/export/README.md,
// "Releases" and "Audit"; src/releases/use-cases, src/audit/label-history.use-case.ts).

export const releaseListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const createReleaseRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  selection: z
    .strictObject({
      questionIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
      ontologyVersions: z.array(z.number().int().positive()).max(100).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso
        .datetime({ offset: true })
        .optional()
        .meta({
          description:
            'Cut-off: the latest label version decided before it (default: now, recorded)',
        }),
      includeExcluded: z.boolean().default(false),
      onlyGold: z.boolean().default(false),
      minConfidence: z.number().min(0).max(1).optional(),
    })
    .default({ includeExcluded: false, onlyGold: false }),
  allowMixedOntologyVersions: z
    .boolean()
    .default(false)
    .meta({
      description: 'Without it, mixing ontology versions answers 409 `{message, ontologyVersions}`',
    }),
  parentReleaseId: z.string().min(1).max(100).optional(),
  includeRaw: z
    .boolean()
    .default(false)
    .meta({
      description:
        'Rows also name the unmasked originals (content.original_payload) where kept; only for a global role the project policy lists in rawAccessRoles (else 403)',
    }),
});

const releaseSelection = z
  .strictObject({
    question_ids: z.array(z.string()),
    ontology_versions: z
      .array(z.number().int())
      .meta({ description: 'The ontology versions asked for (empty: any)' }),
    since: timestamp.nullable(),
    until: timestamp,
    include_excluded: z.boolean(),
    only_gold: z.boolean(),
    min_confidence: z.number().nullable(),
    allow_mixed_ontology_versions: z.boolean(),
    include_raw: z.literal(true).optional().meta({ description: 'Present in raw releases only (includeRaw)' }),
  })
  .meta({ id: 'ReleaseSelection', description: 'The selection with every default resolved' });

const fileRef = z
  .strictObject({ key: z.string(), sha256: z.string(), size: z.number().int() })
  .meta({ id: 'ReleaseFileRef' });

const manifestFields = {
  schema_version: z.number().int(),
  row_schema: z.string(),
  label_schema_version: z.number().int(),
  release_id: z.string(),
  name: z.string(),
  project_id: z.string(),
  created_at: timestamp,
  trigger: z.string(),
  requested_by: z.string(),
  parent_release_id: z.string().nullable(),
  selection: releaseSelection,
  label_count: z.number().int(),
  status_counts: z.strictObject({ active: z.number().int(), excluded: z.number().int() }),
  ontology_versions: z.array(z.number().int()),
  class_counts: z.array(
    z.strictObject({ question_id: z.string(), label: z.string(), count: z.number().int() }),
  ),
  label_versions: z.strictObject({
    sha256: z.string(),
    count: z.number().int(),
    max_decided_at: timestamp.nullable(),
  }),
  parquet_row_groups: z
    .strictObject({ max_rows: z.number().int(), max_jsonl_bytes: z.number().int() })
    .optional()
    .meta({ description: 'Absent in releases written before streaming' }),
  parquet_layout: z
    .string()
    .optional()
    .meta({
      description:
        'Layout of the Parquet files (`verity.export.parquet-typed/1`: typed and nested columns); absent in releases written before it (flat columns plus `*_json` strings)',
    }),
  files: z.array(
    z.strictObject({
      key: z.string(),
      format: z
        .enum(['jsonl', 'parquet', 'csv', 'manifest', 'dataset_card'])
        .meta({ description: '`dataset_card`: README.md of the Hugging Face layout (with data/train-00000-of-00001.parquet)' }),
      media_type: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      record_count: z.number().int(),
    }),
  ),
};

export const releaseManifestSchema = z
  .strictObject(manifestFields)
  .meta({ id: 'ReleaseManifest', description: 'manifest.json of a release' });

/** POST …/releases: the release, then its manifest's fields at the top level. */
export const createdReleaseSchema = z
  .strictObject({
    releaseId: z.string(),
    location: z.string().meta({ example: 's3://verity/releases/<project>/<release>/' }),
    manifest: fileRef,
    ...manifestFields,
  })
  .meta({ id: 'CreatedRelease' });

const releaseSummaryFields = {
  releaseId: z.string(),
  name: z.string(),
  projectId: z.string(),
  createdAt: timestamp,
  location: z.string(),
  labelCount: z.number().int(),
  ontologyVersions: z
    .array(z.number().int())
    .meta({ description: 'The ontology versions the release holds' }),
  selection: releaseSelection,
  parentReleaseId: z.string().nullable(),
  trigger: z.enum(['api', 'schedule']),
  requestedBy: z.string(),
  manifest: fileRef,
  erasedItemCount: z
    .number()
    .int()
    .meta({ description: 'Items of the release erased since it was made (the release is immutable: marked, not rewritten)' }),
};

const erasedItemSchema = z
  .strictObject({ itemId: z.string(), erasureId: z.string(), erasedAt: timestamp })
  .meta({ id: 'ReleaseErasedItem' });

export const releaseSummarySchema = z
  .strictObject(releaseSummaryFields)
  .meta({ id: 'ReleaseSummary' });
export const releaseListSchema = z
  .strictObject({ releases: z.array(releaseSummarySchema).meta({ description: 'Newest first' }) })
  .meta({ id: 'ReleaseList' });
export const releaseSchema = z
  .strictObject({
    ...releaseSummaryFields,
    erasedItems: z.array(erasedItemSchema).meta({ description: 'The erased items the release holds, in erasure order' }),
    manifestContent: releaseManifestSchema,
  })
  .meta({ id: 'Release' });

export const releaseVerificationSchema = z
  .strictObject({
    releaseId: z.string(),
    projectId: z.string(),
    ok: z.boolean(),
    files: z.array(
      z.strictObject({
        key: z.string(),
        expectedSha256: z.string(),
        actualSha256: z.string().nullable(),
        expectedSize: z.number().int(),
        actualSize: z.number().int().nullable(),
        ok: z.boolean(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ReleaseVerification' });

export const releaseReexportSchema = z
  .strictObject({
    releaseId: z.string(),
    projectId: z.string(),
    identical: z.boolean(),
    files: z.array(
      z.strictObject({
        key: z.string(),
        recordedSha256: z.string().nullable(),
        regeneratedSha256: z.string(),
        size: z.number().int(),
        identical: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ReleaseReexport' });

export const releaseDiffQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .meta({ description: 'Entries per page (1–1000)' }),
  after: z
    .string()
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page, as it is' }),
});

const diffSide = z
  .strictObject({
    labelVersion: z.number().int(),
    status: z.enum(['active', 'excluded']),
    label: z.string(),
    answer: z
      .looseObject({})
      .nullable()
      .meta({ description: 'As in the release files (protobuf JSON, proto field names)' }),
    confidence: z.number(),
    ontologyVersion: z.number().int(),
    adjudicated: z.boolean(),
    gold: z.boolean(),
    decidedAt: timestamp,
    labelEventId: z.string(),
  })
  .nullable()
  .meta({
    id: 'ReleaseDiffSide',
    description: 'The label version one release holds; null when it holds none for the key',
  });

export const releaseDiffSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    added: z.number().int().meta({ description: 'Keys only in `to`' }),
    changed: z.number().int().meta({ description: 'Keys in both, another label version' }),
    removed: z.number().int().meta({ description: 'Keys only in `from`' }),
    unchanged: z.number().int().meta({ description: 'Keys in both, the same label version' }),
    entries: z
      .array(
        z.strictObject({
          itemId: z.string(),
          questionId: z.string(),
          change: z.enum(['added', 'changed', 'removed']),
          before: diffSide,
          after: diffSide,
        }),
      )
      .meta({
        description: 'One page of the changes, by (itemId, questionId) in code-point order',
      }),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `after` for the next page; null on the last' }),
  })
  .meta({
    id: 'ReleaseDiff',
    description: 'What changed from release `from` to release `to`, per (item, question)',
  });

const chainAnnotation = z.strictObject({
  annotationId: z.string(),
  eventId: z.string().meta({ description: 'annotations.v1 event id; empty for an expert verdict' }),
  annotatorId: z.string(),
  source: z.enum(['human', 'machine', 'expert', 'feedback', 'unspecified']),
  taskEventId: z.string(),
  prelabelEventId: z.string(),
  draftShown: z.boolean(),
  labelVersions: z.array(z.number().int()),
});

export const labelAuditSchema = z
  .strictObject({
    itemId: z.string(),
    questionId: z.string(),
    projectId: z.string(),
    currentVersion: z.number().int(),
    content: z
      .looseObject({})
      .nullable()
      .meta({ description: 'protobuf JSON of the ContentReference' }),
    chain: z
      .strictObject({
        contentEventIds: z.array(z.string()),
        correlationIds: z.array(z.string()),
        itemEventId: z.string().nullable(),
        taskIds: z.array(z.string()),
        taskEventIds: z.array(z.string()),
        annotationIds: z.array(z.string()),
        annotationEventIds: z.array(z.string()),
        prelabelEventIds: z.array(z.string()),
        annotations: z.array(chainAnnotation),
        adjudicationRequestIds: z.array(z.string()),
        decisionEventIds: z.array(z.string()),
        labelEventIds: z.array(z.string()),
        releaseIds: z.array(z.string()),
        path: z
          .array(
            z.looseObject({
              step: z.enum([
                'content',
                'item',
                'task',
                'annotation',
                'prelabel',
                'decision',
                'label_version',
                'release',
              ]),
            }),
          )
          .meta({ description: "The current version's chain in order, each step with its ids" }),
        missing: z.array(z.string()).meta({
          description:
            'Each link the events did not carry, and why; empty for a fully traced label',
        }),
      })
      .meta({ id: 'LabelAuditChain' }),
    versions: z.array(
      z
        .strictObject({
          labelVersion: z.number().int(),
          status: z.enum(['active', 'excluded']),
          label: z.string(),
          adjudicated: z.boolean(),
          gold: z.boolean(),
          confidence: z.number(),
          ontologyVersion: z.number().int(),
          recordedAt: timestamp,
          contentDigest: z.string(),
          labelEvent: z.looseObject({}).meta({
            description: 'The LabelEvent exactly as published on labels.v1 (protobuf JSON)',
          }),
          decisions: z.array(
            z.strictObject({
              decisionEventId: z.string(),
              decisionId: z.string(),
              producer: z.string(),
              outcome: z.string(),
              decidedAt: timestamp,
              receivedAt: timestamp,
            }),
          ),
          releases: z.array(
            z.strictObject({
              releaseId: z.string(),
              name: z.string(),
              createdAt: timestamp,
              location: z.string(),
            }),
          ),
        })
        .meta({ id: 'LabelVersion' }),
    ),
  })
  .meta({
    id: 'LabelAudit',
    description:
      'How was this label made: every version with its provenance, and the whole event chain',
  });

const lsChoicesResult = z
  .looseObject({
    id: z.string(),
    from_name: z.string().meta({ description: 'The question id' }),
    to_name: z.string().meta({ description: 'The text field (`text`)' }),
    type: z.literal('choices'),
    value: z.strictObject({ choices: z.array(z.string()).meta({ description: 'Option ids' }) }),
    score: z
      .number()
      .optional()
      .meta({ description: 'Predictions: calibrated confidence, else confidence' }),
  })
  .meta({ id: 'LabelStudioExportResult' });

/** GET …/releases/:releaseId/label-studio (export's LabelStudioExportUseCase, @verity/interchange's exportLabelStudioTasks). */
export const labelStudioExportSchema = z
  .array(
    z
      .looseObject({
        id: z
          .number()
          .int()
          .optional()
          .meta({ description: 'The source id, when it is an integer' }),
        data: z.strictObject({ text: z.string().meta({ description: 'The masked text' }) }),
        meta: z.strictObject({
          verity_item_id: z.string(),
          verity_source_id: z.string().optional(),
          verity_source: z.string().optional(),
        }),
        annotations: z.array(
          z.looseObject({
            completed_by: z.union([z.number().int(), z.string()]).meta({
              description:
                '`verity:consensus` for the final labels (the first annotation); a Label Studio user id for an annotator imported as `label-studio:<id>`; else the Verity annotator id',
            }),
            result: z.array(lsChoicesResult),
            was_cancelled: z.boolean(),
            ground_truth: z.boolean(),
            created_at: z.string().optional(),
            lead_time: z.number().optional().meta({ description: 'Seconds' }),
            meta: z.looseObject({
              verity: z.looseObject({
                role: z.enum(['final_label', 'answer']),
                annotator_id: z.string(),
              }),
            }),
          }),
        ),
        predictions: z.array(
          z.looseObject({
            model_version: z.string(),
            score: z.number().optional().meta({ description: 'The lowest result score' }),
            result: z.array(lsChoicesResult),
          }),
        ),
      })
      .meta({ id: 'LabelStudioExportTask' }),
  )
  .meta({
    description:
      'Label Studio tasks, one per item of the release (items erased since are left out), ids as Verity has them (no labeling config)',
  });
