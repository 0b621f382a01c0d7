/**
 * The console's client: the shared request core (web/src/shared/request.ts) with the session cookie,
 * the CSRF token on writes, the chosen language, and a lost session reported to the auth provider.
 */
import { createClient, type Language } from '../shared/request';
import { sessionCalls, SESSION_PATHS } from '../shared/session';

export { ApiError, errorText, onUnauthorized, queryString, setCsrfToken, setLanguage as setApiLanguage, type Language, type Query } from '../shared/request';

export const api = createClient({
  credentials: 'same-origin',
  csrf: true,
  networkMessage: (language: Language) =>
    language === 'en' ? 'Cannot reach the server; check the network and try again' : '无法连接服务器，请检查网络后重试',
  statusMessage: (language: Language, status: number) =>
    language === 'en' ? `The server answered ${status}; try again later` : `服务器返回错误 ${status}，请稍后重试`,
  // The sign-in and who-am-I calls handle their own 401.
  unauthorizedExcept: SESSION_PATHS,
});

export const sessionApi = sessionCalls(api);
