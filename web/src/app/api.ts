/**
 * The console's client: the shared request core (web/src/shared/request.ts) with the session cookie,
 * the CSRF token on writes, the chosen language, and a lost session reported to the auth provider.
 */
import { createClient, type Language } from '../shared/request';
import { sessionCalls, SESSION_PATHS } from '../shared/session';
import { translateIn } from '../shared/i18n';

export { ApiError, errorText, onUnauthorized, setCsrfToken, type Language, type Query } from '../shared/request';

export const api = createClient({
  credentials: 'same-origin',
  csrf: true,
  networkMessage: (language: Language) => translateIn(language, 'common:cannot-reach-the-server-check-the-network-and'),
  statusMessage: (language: Language, status: number) => translateIn(language, 'common:the-server-answered-status-try-again-later', { status }),
  // The sign-in and who-am-I calls handle their own 401.
  unauthorizedExcept: SESSION_PATHS,
});

export const sessionApi = sessionCalls(api);
