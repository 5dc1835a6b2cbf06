import { z } from '@verity/config';
import type { LineError } from '../../../use-cases/publish-content.use-case';
import type { OntologyDiff } from '../../../domain/ontology.diff';
import type { OntologyVersionRecord } from '../../../domain/ontology-version.model';
import { migrationEntrySchema, ontologyDraftSchema, RELABEL_POLICIES } from '../../ontology.schemas';
import { policySchema } from '../../project-policy.schema';
import type { Member, Project } from '../../../domain/project.model';
import { filterSchema, PROJECT_ROLE_NAMES } from '../../project.schemas';
import { contentTypeName, fieldErrorSchema, timestamp } from './common.schemas';
import { type Equals, typeCheck } from './type-check.schemas';

export const projectRoleSchema = z.enum(PROJECT_ROLE_NAMES).meta({ id: 'ProjectRole' });
export const relabelPolicySchema = z.enum(RELABEL_POLICIES).meta({ id: 'RelabelPolicy' });

export const projectSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    contentTypes: z.array(contentTypeName),
    filter: filterSchema.meta({
      id: 'ContentFilter',
      description: 'Which content events belong to the project; empty lists match everything',
    }),
    policy: policySchema.meta({ id: 'ProjectPolicy' }),
    archived: z.boolean(),
    currentOntologyVersion: z.number().int().nullable(),
    currentRelabelPolicy: relabelPolicySchema.nullable(),
    revision: z
      .number()
      .int()
      .meta({ description: 'Bumped by every change (the projects.v1 snapshot revision)' }),
    createdBy: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Project' });
typeCheck<Equals<z.output<typeof projectSchema>, Project>>(true);

export const projectListSchema = z
  .strictObject({ projects: z.array(projectSchema) })
  .meta({ id: 'ProjectList' });

export const memberSchema = z
  .strictObject({
    userId: z.string(),
    roles: z.array(projectRoleSchema),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    active: z.boolean(),
  })
  .meta({ id: 'Member' });
typeCheck<Equals<z.output<typeof memberSchema>, Member>>(true);

export const memberListSchema = z
  .strictObject({ members: z.array(memberSchema) })
  .meta({ id: 'MemberList' });

const migrationEntryOut = migrationEntrySchema.meta({
  id: 'OntologyMigration',
  description:
    'One entry of a migration map: options of questionId in the previous version (from) become options of the new version (to). rename a → b and merge a, b → c rewrite labels; split a → b | c sends the items back to humans',
});

export const ontologyVersionSchema = z
  .strictObject({
    projectId: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'published']),
    guidelines: ontologyDraftSchema.shape.guidelines.unwrap().meta({ id: 'Guidelines' }),
    questions: z.array(
      ontologyDraftSchema.shape.questions.element.meta({ id: 'OntologyQuestion' }),
    ),
    createdBy: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    publishedAt: timestamp.nullable(),
    publishedBy: z.string().nullable(),
    relabelPolicy: relabelPolicySchema.nullable(),
    migrations: z.array(migrationEntryOut).meta({
      description: 'The migration map the version was published with, from the previous version ([] when none, and for drafts)',
    }),
  })
  .meta({
    id: 'OntologyVersion',
    description: 'One version of a project ontology; published versions are immutable',
  });
typeCheck<Equals<z.output<typeof ontologyVersionSchema>, OntologyVersionRecord>>(true);

export const ontologyListSchema = z
  .strictObject({ ontologies: z.array(ontologyVersionSchema) })
  .meta({ id: 'OntologyList' });

const fromTo = z.strictObject({ from: z.string(), to: z.string() });
export const ontologyDiffSchema = z
  .strictObject({
    from: z.number().int(),
    to: z.number().int(),
    guidelinesChanged: z.boolean(),
    questions: z.strictObject({
      added: z.array(z.string()),
      removed: z.array(z.string()),
      changed: z.array(
        z
          .strictObject({
            questionId: z.string(),
            prompt: fromTo.optional(),
            type: fromTo.optional(),
            optionsAdded: z.array(z.string()),
            optionsRemoved: z.array(z.string()),
            optionsRelabeled: z.array(z.strictObject({ id: z.string(), from: z.string(), to: z.string() })),
            conditionChanged: z.boolean(),
            otherChanged: z.array(z.string()).meta({
              description: 'Other settings that changed: required, contentTypes, minSelections, maxSelections, optionDescriptions, optionOrder',
            }),
          })
          .meta({ id: 'OntologyQuestionChange' }),
      ),
    }),
    migrations: z.array(migrationEntryOut).meta({ description: 'The migration map of `to` when to = from + 1, else []' }),
  })
  .meta({ id: 'OntologyDiff', description: 'What changed from ontology version `from` to version `to`' });
typeCheck<Equals<z.output<typeof ontologyDiffSchema>, OntologyDiff>>(true);

export const contentAcceptedSchema = z
  .strictObject({
    eventId: z
      .string()
      .meta({ description: 'Id of the content.v1 event (committed; it will be published)' }),
  })
  .meta({ id: 'ContentAccepted' });

const lineErrorSchema = z
  .strictObject({
    line: z.number().int().meta({ description: '1-based line number' }),
    status: z.union([z.literal(400), z.literal(413)]),
    message: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'ContentLineError' });
typeCheck<Equals<z.output<typeof lineErrorSchema>, LineError>>(true);

export const contentBatchResultSchema = z
  .strictObject({
    accepted: z.array(z.strictObject({ line: z.number().int(), eventId: z.string() })),
    rejected: z.array(lineErrorSchema),
  })
  .meta({ id: 'ContentBatchResult' });
