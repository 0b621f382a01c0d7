// What other modules, the app and the CLI call in this module; each use case lives in its own file.
export { actorResolver, changePassword, login, logout, me, SESSION_CACHE_MS } from './users.sessions.js';
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
} from './users.accounts.js';
export { createApiKey, listApiKeys, revokeApiKey } from './users.apikeys.js';
