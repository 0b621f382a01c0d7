import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, onUnauthorized, sessionApi, setCsrfToken } from './api';
import type { Role, Session, User } from './contract';

const ME_KEY = ['auth', 'me'] as const;

interface Auth {
  /** null when nobody is signed in; undefined while the first check runs. */
  user: User | null | undefined;
  /** Set when the who-am-I call failed for another reason than 401 (server down…). */
  error: unknown;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<unknown>;
  retry: () => void;
}

const AuthContext = createContext<Auth | null>(null);

async function fetchSession(): Promise<Session | null> {
  try {
    const s = await sessionApi.me();
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken('');
      return null;
    }
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });

  /** Drops everything cached for the previous account, then records the new session (or none). */
  const switchSession = useCallback(
    (session: Session | null) => {
      setCsrfToken(session?.csrfToken ?? '');
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, session);
    },
    [queryClient],
  );

  useEffect(() => {
    onUnauthorized(() => {
      if (queryClient.getQueryData(ME_KEY)) switchSession(null);
    });
  }, [queryClient, switchSession]);

  const value = useMemo<Auth>(
    () => ({
      user: me.data === undefined ? (me.isError ? null : undefined) : (me.data?.user ?? null),
      error: me.isError ? me.error : null,
      login: async (username, password) => {
        const s = await sessionApi.login(username, password);
        switchSession(s);
        return s.user;
      },
      logout: async () => {
        try {
          await sessionApi.logout();
        } finally {
          switchSession(null);
        }
      },
      refresh: () => me.refetch(),
      retry: () => void me.refetch(),
    }),
    [me, switchSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in account; only inside the signed-in layout. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in account');
  return user;
}

export function hasAnyRole(user: User, roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
