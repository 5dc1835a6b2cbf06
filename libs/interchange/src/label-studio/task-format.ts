/** One choices result as Label Studio writes it in an annotation or prediction. */
export interface LabelStudioChoicesResult {
  id: string;
  from_name: string;
  to_name: string;
  type: 'choices';
  value: { choices: string[] };
  origin?: 'manual' | 'prediction';
  /** Per-result score (predictions). */
  score?: number;
}

/**
 * What Verity keeps in an exported annotation's `meta.verity` (Label Studio ignores it): who the
 * answer is from, and for the final label how it was made, per question.
 */
export interface VerityAnnotationMeta {
  role: 'final_label' | 'answer';
  /** The Verity annotator id (the final label: the consensus user). */
  annotator_id: string;
  /** Per question: `human`, `expert` (answers); the label version, method and confidence (final label). */
  questions: Record<
    string,
    {
      source?: 'human' | 'expert';
      label_version?: number;
      method?: string;
      confidence?: number;
      adjudicated?: boolean;
      ontology_version?: number;
    }
  >;
}

export interface LabelStudioAnnotation {
  /** A Label Studio user id when known, else the Verity annotator id or e-mail (see README). */
  completed_by: number | string;
  result: LabelStudioChoicesResult[];
  was_cancelled: boolean;
  ground_truth: boolean;
  created_at?: string;
  /** Seconds spent. */
  lead_time?: number;
  meta: { verity: VerityAnnotationMeta };
}

export interface LabelStudioPrediction {
  model_version: string;
  /** The lowest result score: Label Studio sorts tasks by it, so the least sure question rules. */
  score?: number;
  result: LabelStudioChoicesResult[];
}

export interface LabelStudioTask {
  /** The source id as a number when it is one (tasks that came from Label Studio keep their id). */
  id?: number;
  data: Record<string, string>;
  meta: { verity_item_id: string; verity_source_id?: string; verity_source?: string };
  annotations: LabelStudioAnnotation[];
  predictions: LabelStudioPrediction[];
}
