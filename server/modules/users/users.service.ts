// What other modules, the app and the CLI call in this module; each use case lives in its own file.
export { actorResolver, changePassword, login, logout, me, SESSION_CACHE_MS } from './users.sessions.js';
export { createUser, getUser, listUsers, updateUser } from './users.accounts.js';
export {
  activePhonesByIds,
  activePhonesOf,
  activeUserIds,
  briefsOf,
  countActiveInScope,
  countUsers,
  displayNamesOf,
  idsByUsername,
  insertGeneratedUsers,
  leadersFor,
  type GeneratedUser,
} from './users.directory.js';
export { createApiKey, listApiKeys, revokeApiKey } from './users.apikeys.js';
