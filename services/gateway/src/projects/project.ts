import type { ContentTypeName } from '../common/content-types';
import type { RelabelPolicyName } from '../ontologies/ontology.schemas';
import type { ProjectPolicy } from './project-policy.schema';
import type { ContentFilterInput, ProjectRoleName } from './project.schemas';

/** A project as stored and as the API shows it. */
export interface Project {
  id: string;
  name: string;
  description: string;
  contentTypes: ContentTypeName[];
  filter: ContentFilterInput;
  policy: ProjectPolicy;
  archived: boolean;
  currentOntologyVersion: number | null;
  currentRelabelPolicy: RelabelPolicyName | null;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  roles: ProjectRoleName[];
  skills: string[];
  languages: string[];
  active: boolean;
}
