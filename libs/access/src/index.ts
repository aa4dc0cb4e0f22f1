export { ROLES, isRole, type Role } from './roles';
export { hashApiKey, looksLikeApiKey } from './api-key';
export { ApiKeyStore, type ApiKey } from './api-key.store';
