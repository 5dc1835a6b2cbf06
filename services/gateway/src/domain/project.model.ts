import type { ContentTypeName } from './content-types.rule';
import type { RelabelPolicyName } from '../http/ontology.schemas';
import type { ProjectPolicy } from '../http/project-policy.schema';
import type { ContentFilterInput, ProjectRoleName } from '../http/project.schemas';

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
