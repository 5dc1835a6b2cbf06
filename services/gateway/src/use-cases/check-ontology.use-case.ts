import { badRequest, validate } from '@verity/service-runtime';
import { OntologyDraft, ontologyDraftSchema } from '../http/ontology.schemas';
import { validateOntology } from '../domain/ontology.validator';

/** Shape first (zod), then meaning (validateOntology): 400 naming every fault. */
export function checkOntology(body: unknown): OntologyDraft {
  const draft = validate(ontologyDraftSchema, body, 'ontology');
  const errors = validateOntology(draft);
  if (errors.length) throw badRequest(errors, 'ontology');
  return draft;
}
