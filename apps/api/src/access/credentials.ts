/**
 * Where a credential comes from: `Authorization: Bearer <API key or token>` or `X-Api-Key` over
 * HTTP; over graphql-ws, the `connection_init` payload's `authorization` or `apiKey` (or the same
 * under `headers`, as some clients send them), else the upgrade request's headers.
 */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function credentialFromHeaders(headers: Headers): string | undefined {
  return bearer(single(headers.authorization)) ?? (single(headers['x-api-key'])?.trim() || undefined);
}

export function credentialFromConnectionInit(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const fields = payload as Record<string, unknown>;
  const nested = fields.headers && typeof fields.headers === 'object' ? (fields.headers as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return (
    bearer(text(fields.authorization) ?? text(fields.Authorization) ?? text(nested.authorization) ?? text(nested.Authorization)) ??
    (text(fields.apiKey) ?? text(nested['x-api-key']))?.trim() ??
    undefined
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The token of `Bearer <token>`. Any other scheme, or none, is passed on whole so that
 * authentication refuses it by name rather than treating the caller as anonymous.
 */
function bearer(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value.trim());
  return match ? match[1] : value.trim();
}
