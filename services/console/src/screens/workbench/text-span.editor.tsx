import { useEffect, useMemo, useRef, useState } from 'react';
import type { Answer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { codePoints } from './answer-model';
import { digitIndex, type EditorProps } from './editor';
import { moveSelection, range, runs, type Selection } from './text-selection';

type SpanAnswer = Extract<Answer, { textSpans: unknown }>;

/** Offset in code points of a DOM point inside one of our runs (data-start on the run). */
function pointOffset(node: Node | null, offset: number): number | null {
  const el = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null);
  const start = el?.closest('[data-start]')?.getAttribute('data-start');
  if (start == null) return null;
  const text = node?.nodeType === Node.TEXT_NODE ? (node.textContent ?? '') : '';
  return Number(start) + Array.from(text.slice(0, offset)).length;
}

export function TextSpanEditor({ task, value, onChange, keys }: EditorProps<SpanAnswer>) {
  const { t } = useI18n();
  const q = task.question;
  const chars = useMemo(() => codePoints(task.content.text ?? ''), [task.content.text]);
  const [sel, setSel] = useState<Selection>({ anchor: 0, focus: 0 });
  const box = useRef<HTMLDivElement>(null);
  const spans = value.textSpans.spans;
  const { start, end } = range(sel);

  const addSpan = (optionId: string) => {
    if (start >= end) return;
    onChange({ textSpans: { spans: [...spans, { start, end, optionId, text: chars.slice(start, end).join('') }] } });
    setSel({ anchor: end, focus: end });
  };

  useEffect(() => {
    keys.current = (e) => {
      const moved = moveSelection(sel, chars, e.key, { shift: e.shiftKey, word: e.ctrlKey || e.altKey });
      if (moved) {
        setSel(moved);
        return true;
      }
      const i = digitIndex(e);
      if (i >= 0 && i < q.options.length) {
        addSpan(q.options[i].id);
        return true;
      }
      if (e.key === 'Backspace' && spans.length > 0) {
        onChange({ textSpans: { spans: spans.slice(0, -1) } });
        return true;
      }
      if (e.key === 'Escape') {
        setSel({ anchor: sel.focus, focus: sel.focus });
        return true;
      }
      return false;
    };
    return () => {
      keys.current = null;
    };
  });

  const onMouseUp = () => {
    const s = window.getSelection();
    if (!s || s.isCollapsed || !box.current) return;
    const a = pointOffset(s.anchorNode, s.anchorOffset);
    const f = pointOffset(s.focusNode, s.focusOffset);
    if (a == null || f == null) return;
    setSel({ anchor: a, focus: f });
    s.removeAllRanges();
  };

  const cuts = [start, end, ...spans.flatMap((sp) => [sp.start, sp.end])];
  const optionIndex = (id: string) => q.options.findIndex((o) => o.id === id);

  return (
    <div className="spans">
      <p className="hint">{t('work.selectHint')}</p>
      <div ref={box} className="span-text" onMouseUp={onMouseUp} data-testid="span-text">
        {runs(chars.length, cuts).map(([a, b]) => {
          const covering = spans.filter((sp) => sp.start <= a && sp.end >= b);
          const cls = [a >= start && b <= end && start < end ? 'selected' : '', ...covering.map((sp) => `mark opt-${optionIndex(sp.optionId) % 9}`)].join(' ');
          return (
            <span key={a} data-start={a} className={cls || undefined}>
              {start === end && a === start && <span className="caret" aria-hidden="true" />}
              {chars.slice(a, b).join('')}
            </span>
          );
        })}
        {start === end && start === chars.length && <span className="caret" aria-hidden="true" />}
      </div>
      <p className="selection-status" aria-live="polite">
        {start < end ? t('work.selection', { start, end }) : t('work.noSelection')}
      </p>
      <ol className="option-keys">
        {q.options.map((o, i) => (
          <li key={o.id}>
            <button type="button" className={`tag opt-${i % 9}`} onClick={() => addSpan(o.id)} disabled={start >= end}>
              <kbd aria-hidden="true">{i + 1}</kbd> {o.label}
            </button>
          </li>
        ))}
      </ol>
      <h3>{t('work.spans')}</h3>
      {spans.length === 0 ? (
        <p className="muted">{t('work.noneMarked')}</p>
      ) : (
        <ul className="marks">
          {spans.map((sp, i) => (
            <li key={`${sp.start}-${sp.end}-${i}`}>
              <span className={`tag opt-${optionIndex(sp.optionId) % 9}`}>{q.options[optionIndex(sp.optionId)]?.label ?? sp.optionId}</span> “{chars.slice(sp.start, sp.end).join('')}” ({sp.start}–{sp.end})
              <button type="button" className="link" onClick={() => onChange({ textSpans: { spans: spans.filter((_, j) => j !== i) } })}>
                {t('work.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
