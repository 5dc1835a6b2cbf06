import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/http';
import type { Me } from '../api/types';
import { isLocale, useI18n } from '../i18n/i18n';

interface Session {
  /** undefined while the first /v1/me is in flight; null when signed out. */
  me: Me | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const Ctx = createContext<Session | null>(null);

/**
 * The session lives in an httpOnly, SameSite=Strict cookie the gateway sets: script never holds
 * the token, so an injected script could not steal it, and other sites cannot ride on it.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const { setLocale } = useI18n();

  const adopt = useCallback(
    (m: Me | null) => {
      setMe(m);
      if (m && isLocale(m.locale)) setLocale(m.locale);
    },
    [setLocale],
  );

  useEffect(() => {
    api.me().then(adopt, (err) => {
      if (err instanceof ApiError && err.status === 401) adopt(null);
      else adopt(null);
    });
  }, [adopt]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const r = await api.signIn(email, password);
      adopt(r.user);
    },
    [adopt],
  );
  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, signIn, signOut }), [me, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
