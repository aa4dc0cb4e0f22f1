/**
 * The roles a credential may hold. What each may do is declared on the API's fields; here they are
 * only names, shared by the API, the CLI and the key store.
 */
export const ROLES = ['integration', 'agent-app', 'reader', 'quality', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
