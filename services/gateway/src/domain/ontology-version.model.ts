import type { MigrationEntry, OntologyDraft, RelabelPolicyName } from '../http/ontology.schemas';

/** One version of a project's ontology as stored and shown; published versions are immutable. */
export interface OntologyVersionRecord {
  projectId: string;
  version: number;
  status: 'draft' | 'published';
  guidelines: OntologyDraft['guidelines'];
  questions: OntologyDraft['questions'];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
  relabelPolicy: RelabelPolicyName | null;
  /** The migration map it was published with, from the previous published version ([] when none, and for drafts). */
  migrations: MigrationEntry[];
}
