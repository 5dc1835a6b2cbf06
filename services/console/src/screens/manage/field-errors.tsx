import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';

/** A refused request: its message and every field the server named, as text. */
export function RequestError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div role="alert" className="error">
      <p>{t('work.error', { message: e?.message ?? String(error) })}</p>
      {e && e.errors.length > 0 && (
        <ul>
          {e.errors.map((f, i) => (
            <li key={i}>
              <code>{f.field}</code>: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "a, b ,c" → ["a", "b", "c"] */
export const listOf = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
