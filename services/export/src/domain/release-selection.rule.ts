import { z } from '@verity/config';

/** Body of POST /v1/projects/:projectId/releases. */
export const createReleaseBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    selection: z
      .object({
        questionIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
        ontologyVersions: z.array(z.number().int().positive()).max(100).optional(),
        since: z.iso.datetime({ offset: true }).optional(),
        until: z.iso.datetime({ offset: true }).optional(),
        includeExcluded: z.boolean().default(false),
        onlyGold: z.boolean().default(false),
        minConfidence: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({ includeExcluded: false, onlyGold: false }),
    allowMixedOntologyVersions: z.boolean().default(false),
    parentReleaseId: z.string().min(1).max(100).optional(),
    /** Rows also name the unmasked originals (content.original_payload): only for a role the project grants raw access. */
    includeRaw: z.boolean().default(false),
  })
  .strict();
export type CreateReleaseBody = z.output<typeof createReleaseBody>;

/**
 * The selection as recorded in the manifest and in Postgres: every default resolved (the
 * cut-off `until` is the request time when not given), lists sorted and de-duplicated, so the
 * same selection over the same label versions always selects the same rows.
 */
export interface NormalizedSelection {
  question_ids: string[];
  ontology_versions: number[];
  since: string | null;
  until: string;
  include_excluded: boolean;
  only_gold: boolean;
  min_confidence: number | null;
  allow_mixed_ontology_versions: boolean;
  /** Present (true) only in raw releases, so the manifests of other releases keep their bytes. */
  include_raw?: true;
}

const iso = (s: string) => new Date(s).toISOString();

export function normalizeSelection(
  body: Pick<CreateReleaseBody, 'selection' | 'allowMixedOntologyVersions'> & { includeRaw?: boolean },
  now: Date,
): NormalizedSelection {
  const s = body.selection;
  return {
    question_ids: [...new Set(s.questionIds ?? [])].sort(),
    ontology_versions: [...new Set(s.ontologyVersions ?? [])].sort((a, b) => a - b),
    since: s.since ? iso(s.since) : null,
    until: s.until ? iso(s.until) : now.toISOString(),
    include_excluded: s.includeExcluded,
    only_gold: s.onlyGold,
    min_confidence: s.minConfidence ?? null,
    allow_mixed_ontology_versions: body.allowMixedOntologyVersions,
    ...(body.includeRaw ? { include_raw: true as const } : {}),
  };
}

/** Mixing ontology versions is an explicit choice, never silent: the versions that would mix. */
export function mixedOntologyVersions(sel: NormalizedSelection, found: Iterable<number>): number[] | null {
  if (sel.allow_mixed_ontology_versions) return null;
  const versions = [...new Set([...found, ...sel.ontology_versions])].sort((a, b) => a - b);
  return versions.length > 1 ? versions : null;
}
