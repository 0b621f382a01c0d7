/**
 * The session calls the console and the grid worker's app share: who is signed in, sign in, sign out.
 * Signing in keeps the session's CSRF token for the writes that follow (the cookie itself is httpOnly);
 * signing out forgets it.
 */
import type { Session } from '../app/contract';
import { setCsrfToken, type Client } from './request';

/** The paths whose 401 is an answer (not signed in, wrong password), not a lost session. */
export const SESSION_PATHS = ['/api/auth/login', '/api/auth/me'];

export function sessionCalls(client: Client) {
  return {
    /**
     * The signed-in account (an ApiError with status 401 when nobody is). The caller adopts its CSRF
     * token with setCsrfToken once it accepts the account (the phone checks it is the one it remembers).
     */
    me: () => client.get<Session>('/api/auth/me'),
    login: async (username: string, password: string) => {
      const s = await client.post<Session>('/api/auth/login', { username, password });
      setCsrfToken(s.csrfToken);
      return s;
    },
    /** Ends the session on the server; the token is forgotten whatever the answer. */
    logout: async () => {
      try {
        await client.post<void>('/api/auth/logout');
      } finally {
        setCsrfToken('');
      }
    },
  };
}
