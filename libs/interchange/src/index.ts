export { InterchangeError } from './interchange-error';
export { parseXml } from './xml/parse-xml';
export type { XmlElement } from './xml/parse-xml';

export { parseLabelStudioConfig, LabelStudioConfigError } from './label-studio/parse-config';
export type {
  LabelStudioConfig,
  LabelStudioDataField,
  LabelStudioDataType,
  LabelStudioOption,
  LabelStudioQuestion,
} from './label-studio/config-types';
export { optionIdOf } from './label-studio/option-id';
export { ontologyDraftOf } from './label-studio/ontology-draft';
export type { OntologyDraftBody } from './label-studio/ontology-draft';

export { importLabelStudioTasks } from './label-studio/import-tasks';
export { textFieldOf } from './label-studio/text-field';
export type {
  ContentLine,
  ImportedAnnotator,
  ImportedAnswer,
  ImportedPrelabel,
  ImportIssue,
  ImportOptions,
  LabelStudioImport,
} from './label-studio/import-types';
export { annotatorOf, completedByOf, DEFAULT_ANNOTATOR_PREFIX, LABEL_STUDIO_MODEL_ID } from './label-studio/annotator-key';

export { exportLabelStudioTasks, CONSENSUS_ANNOTATOR } from './label-studio/export-tasks';
export type { ExportOptions } from './label-studio/export-tasks';
export type {
  LabelStudioAnnotation,
  LabelStudioChoicesResult,
  LabelStudioPrediction,
  LabelStudioTask,
  VerityAnnotationMeta,
} from './label-studio/task-format';
export type { ReleaseRowLike } from './release/release-row';
