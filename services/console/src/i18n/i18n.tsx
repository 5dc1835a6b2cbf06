import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './messages.en';
import { fr } from './messages.fr';

/** The console's languages; the gateway stores each person's choice (PATCH /v1/me). */
export const LOCALES = { en: 'English', fr: 'Français' } as const;
export type Locale = keyof typeof LOCALES;
const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, fr };

export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && s in LOCALES;
}

/** Fills `{name}` placeholders; values are plain strings, rendered by React as text. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t: Translate;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (isLocale(navigator.language.slice(0, 2)) ? (navigator.language.slice(0, 2) as Locale) : 'en'));
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    document.documentElement.lang = l;
  }, []);
  const t = useCallback<Translate>((key, vars) => format(CATALOGS[locale][key] ?? en[key], vars), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
