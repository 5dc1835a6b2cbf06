import type { ImportedAnnotator } from './import-types';

export const DEFAULT_ANNOTATOR_PREFIX = 'label-studio:';

/** The model id of a draft imported from a Label Studio prediction (its version: the prediction's model_version). */
export const LABEL_STUDIO_MODEL_ID = 'label-studio';

/**
 * The annotator of a Label Studio annotation from its `completed_by`: a user id (number or
 * digits), an e-mail or other user name (string), or an object `{id?, email?}` (some exports).
 * A mapping entry for the id, else the e-mail, names an existing Verity annotator; otherwise
 * the key is `prefix + id` (or `prefix + e-mail`) and the annotator is external.
 * Returns a reason string when `completed_by` says nobody.
 */
export function annotatorOf(
  completedBy: unknown,
  mapping: Record<string, string>,
  prefix: string,
): ImportedAnnotator | string {
  let id: number | undefined;
  let name: string | undefined;
  if (typeof completedBy === 'number') {
    if (!Number.isSafeInteger(completedBy) || completedBy < 0)
      return `user id ${completedBy} is not a non-negative integer`;
    id = completedBy;
  } else if (typeof completedBy === 'string') {
    const s = completedBy.trim();
    if (!s) return 'is empty';
    if (/^\d+$/.test(s) && Number.isSafeInteger(Number(s))) id = Number(s);
    else name = s;
  } else if (
    typeof completedBy === 'object' &&
    completedBy !== null &&
    !Array.isArray(completedBy)
  ) {
    const o = completedBy as { id?: unknown; email?: unknown };
    if (typeof o.id === 'number' && Number.isSafeInteger(o.id) && o.id >= 0) id = o.id;
    if (typeof o.email === 'string' && o.email.trim()) name = o.email.trim();
    if (id === undefined && name === undefined)
      return 'an object needs an integer "id" or an "email"';
  } else {
    return completedBy === undefined || completedBy === null
      ? 'is missing: an answer needs its annotator'
      : `must be a user id, an e-mail or {id, email}, not ${typeof completedBy}`;
  }
  const identity = {
    ...(id !== undefined ? { ls_user_id: id } : {}),
    ...(name !== undefined ? { email: name } : {}),
  };
  const mapped =
    (id !== undefined ? own(mapping, String(id)) : undefined) ??
    (name !== undefined ? own(mapping, name) : undefined);
  if (mapped) return { key: mapped, external: false, ...identity };
  return { key: `${prefix}${id ?? name}`, external: true, ...identity };
}

/**
 * `completed_by` for a Verity annotator id on export: the Label Studio user id when one is
 * known (`userIds`, or a key `prefix + digits` that the import made), the e-mail or name behind
 * an imported `prefix + name` key, else the Verity annotator id itself.
 */
export function completedByOf(
  annotatorId: string,
  userIds: Record<string, number>,
  prefix: string,
): number | string {
  const known = own(userIds, annotatorId);
  if (known !== undefined) return known;
  if (!annotatorId.startsWith(prefix) || annotatorId.length === prefix.length) return annotatorId;
  const rest = annotatorId.slice(prefix.length);
  return /^\d+$/.test(rest) && Number.isSafeInteger(Number(rest)) ? Number(rest) : rest;
}

/** A record's own entry (never an inherited one such as "constructor"). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
