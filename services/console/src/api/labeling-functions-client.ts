import { gateway as g, unwrap } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];
export type LabelingFunction = Schemas['LabelingFunction'];
export type LabelingFunctionDefinition = Schemas['LabelingFunctionDefinition'];
export type SavedLabelingFunction = Schemas['SavedLabelingFunction'];
export type LabelingFunctionAnalysis = Schemas['LabelingFunctionAnalysis'];
export type LfVersionStats = Schemas['LfVersionStats'];
export type LabelModelSummary = Schemas['LabelModelSummary'];

const p = (projectId: string) => ({ params: { path: { projectId } } });

/** A project's labeling functions (prelabel, through the gateway; project managers). */
export const labelingFunctions = {
  list: (projectId: string) =>
    unwrap<Schemas['LabelingFunctions']>(g.GET('/v1/projects/{projectId}/prelabel/labeling-functions', p(projectId))).then((r) => r.labelingFunctions),
  create: (projectId: string, body: LabelingFunctionDefinition) =>
    unwrap<SavedLabelingFunction>(g.POST('/v1/projects/{projectId}/prelabel/labeling-functions', { ...p(projectId), body })),
  retire: (projectId: string, lfId: string) =>
    unwrap<Schemas['LabelingFunctionRetired']>(
      g.DELETE('/v1/projects/{projectId}/prelabel/labeling-functions/{lfId}', { params: { path: { projectId, lfId } } }),
    ),
  /** With `bucketMs`, also the active set per bucket of item arrival (`overTime`). */
  analysis: (projectId: string, questionId: string, bucketMs?: number) =>
    unwrap<LabelingFunctionAnalysis>(
      g.GET('/v1/projects/{projectId}/prelabel/labeling-functions/analysis', { params: { path: { projectId }, query: { questionId, bucketMs } } }),
    ),
};

/** The option an LF votes for (`llm` LFs vote through their mapping). */
export const votesOf = (lf: LabelingFunction): string => ('votes' in lf ? lf.votes : Object.values(lf.mapping).join(', '));
