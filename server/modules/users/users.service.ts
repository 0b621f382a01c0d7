// What other modules, the app and the CLI call in this module; each use case lives in its own file.
export { actorResolver, changePassword, forgetSessions, login, logout, me, SESSION_CACHE_MS } from './users.sessions.js';
export {
  activeUserIds,
  countActiveInScope,
  countUsers,
  createUser,
  displayNamesOf,
  getUser,
  idsByUsername,
  insertGeneratedUsers,
  leadersFor,
  listUsers,
  updateUser,
  type GeneratedUser,
  type UserInput,
  type UserPatch,
} from './users.accounts.js';
export { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from './users.apikeys.js';
export type { UserView } from './users.views.js';
