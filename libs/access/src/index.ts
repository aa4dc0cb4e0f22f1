export { ROLES, isRole, type Role } from './roles';
export { generateApiKey, hashApiKey, looksLikeApiKey, type GeneratedApiKey } from './api-key';
export { ApiKeyStore, type ApiKey } from './api-key.store';
