import { toJson } from '@bufbuild/protobuf';
import { AnswerSchema, DecisionEvent, LabelStatus } from '@verity/contracts';
import { sha256Hex } from '@verity/storage';
import { canonicalJson } from './canonical-json.encoder';

/**
 * What a training job trains on. Two decisions with equal content are the same label version;
 * provenance (more answers, a refit) alone does not make a new version. Probabilities are
 * rounded to 6 decimals so that floating-point noise of a refit is not a "change".
 */
export interface LabelContent {
  status: LabelStatus;
  label: string;
  answer: unknown;
  softLabel: Record<string, number>;
  confidence: number;
  ontologyVersion: number;
  adjudicated: boolean;
  gold: boolean;
  verdict: unknown;
}

const round6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : 0);

/** What of a decision (or of a label event with its verdict) is the label's content. */
export type LabelContentSource = Pick<DecisionEvent, 'label' | 'answer' | 'softLabel' | 'confidence' | 'ontologyVersion' | 'adjudicated' | 'gold' | 'verdict'>;

export function labelContentOf(d: LabelContentSource, status: LabelStatus = LabelStatus.ACTIVE): LabelContent {
  const soft: Record<string, number> = {};
  for (const [k, v] of Object.entries(d.softLabel)) soft[k] = round6(v);
  return {
    status,
    label: d.label,
    answer: d.answer ? toJson(AnswerSchema, d.answer) : null,
    softLabel: soft,
    confidence: round6(d.confidence),
    ontologyVersion: d.ontologyVersion,
    adjudicated: d.adjudicated,
    gold: d.gold,
    // The verdict is part of the label: a new expert, answer or note is a new version.
    verdict: d.verdict
      ? {
          adjudicatorId: d.verdict.adjudicatorId,
          answer: d.verdict.answer ? toJson(AnswerSchema, d.verdict.answer) : null,
          note: d.verdict.note,
          confidence: round6(d.verdict.confidence),
          tier: d.verdict.tier,
        }
      : null,
  };
}

/** sha256 of the canonical JSON of the content: compared with the current version's. */
export function labelContentDigest(c: LabelContent): string {
  return sha256Hex(Buffer.from(canonicalJson(c), 'utf8'));
}

export interface CurrentVersion {
  labelVersion: number;
  contentDigest: string;
  decidedAt: Date;
  /** Who decided the current version (absent: treated as a plain aggregation). */
  adjudicated?: boolean;
  gold?: boolean;
  ontologyVersion?: number;
  /** The adjudication request of the current version's verdict, if adjudicated. */
  verdictRequestId?: string | null;
}

/** What the incoming decision is, for the precedence rules. */
export interface IncomingDecision {
  adjudicated: boolean;
  gold: boolean;
  ontologyVersion: number;
  verdictRequestId: string | null;
}

export function incomingOf(d: DecisionEvent): IncomingDecision {
  return { adjudicated: d.adjudicated, gold: d.gold, ontologyVersion: d.ontologyVersion, verdictRequestId: d.verdict?.requestId || null };
}

export type VersionOutcome =
  /** A new label version; the first one is 1. */
  | { kind: 'new_version'; labelVersion: number }
  /** Same content as the current version: not a new version. */
  | { kind: 'unchanged'; labelVersion: number }
  /** Decided before the current version and different from it: an out-of-order older decision. */
  | { kind: 'stale'; labelVersion: number };

/**
 * The label-version rule. Same content as the current version → no new version; changed
 * content → current + 1, never an overwrite. Kept for audit but never superseding (`stale`):
 * - a decision made before the current version (decisions from quality and adjudication are
 *   not ordered against each other);
 * - an aggregation (not adjudicated) against an adjudicated current version of the same or a
 *   newer ontology version, whatever the clocks say: quality and adjudication run on different
 *   hosts, and a late aggregation (another task of the item, a replay) must never override an
 *   expert. Only a new ontology version (a relabel) lets an aggregation follow a verdict;
 * - the non-gold verdict decision of the request whose gold confirmation is current (a replay of
 *   the verdict must not demote the gold label).
 * A gold confirmation (same verdict, gold = true, same decided time) differs in content, so it is
 * a new version.
 */
export function nextLabelVersion(
  current: CurrentVersion | null,
  digest: string,
  decidedAt: Date,
  incoming?: IncomingDecision,
): VersionOutcome {
  if (!current) return { kind: 'new_version', labelVersion: 1 };
  if (current.contentDigest === digest) return { kind: 'unchanged', labelVersion: current.labelVersion };
  const stale = { kind: 'stale', labelVersion: current.labelVersion } as const;
  if (decidedAt.getTime() < current.decidedAt.getTime()) return stale;
  if (incoming && current.adjudicated && !incoming.adjudicated && incoming.ontologyVersion <= (current.ontologyVersion ?? 0)) return stale;
  if (incoming && current.gold && !incoming.gold && incoming.verdictRequestId !== null && incoming.verdictRequestId === current.verdictRequestId) {
    return stale;
  }
  return { kind: 'new_version', labelVersion: current.labelVersion + 1 };
}
