import { useState } from 'react';
import { Modal } from '../../lib/modal';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const keys: MessageKey[] = ['shortcuts.options', 'shortcuts.submit', 'shortcuts.skip', 'shortcuts.guidelines', 'shortcuts.help', 'shortcuts.spans', 'shortcuts.media', 'shortcuts.boxes'];
  return (
    <Modal labelId="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <ul className="shortcuts">
        {keys.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
      <button type="button" onClick={onClose} autoFocus>
        {t('shortcuts.close')}
      </button>
    </Modal>
  );
}

const REASONS: MessageKey[] = ['work.skipUnclear', 'work.skipMedia', 'work.skipOther'];

export function SkipDialog({ onSkip, onClose }: { onSkip(reason: string): void; onClose(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState(0);
  return (
    <Modal labelId="skip-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSkip(t(REASONS[reason]));
        }}
        onKeyDown={(e) => {
          const i = Number(e.key) - 1;
          if (i >= 0 && i < REASONS.length) setReason(i);
        }}
      >
        <fieldset>
          <legend id="skip-title">{t('work.skipReason')}</legend>
          {REASONS.map((k, i) => (
            <label key={k} className="choice">
              <input type="radio" name="skip-reason" checked={reason === i} onChange={() => setReason(i)} autoFocus={i === 0} />
              <kbd aria-hidden="true">{i + 1}</kbd> {t(k)}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit">{t('work.skipConfirm')}</button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('work.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
