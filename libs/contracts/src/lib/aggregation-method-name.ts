import { AggregationMethod } from '../gen/verity/common/v1/quality_pb';

/** `AGGREGATION_METHOD_DAWID_SKENE` → `dawid_skene`; unset or unknown → `unspecified`. */
export function aggregationMethodName(m: AggregationMethod | undefined): string {
  const name = m === undefined ? undefined : (AggregationMethod as unknown as Record<number, string | undefined>)[m];
  return (name ?? 'UNSPECIFIED').toLowerCase();
}
