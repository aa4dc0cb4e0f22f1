// @ts-check
/**
 * The page's one way to the API: POST /graphql with the user's key as a bearer token. The key comes
 * from the address's fragment (`#key=<key>`: a fragment never reaches a server or its logs) or from
 * the sign-in form, and is kept in session storage for this tab only.
 */

const KEY_ITEM = 'hindsight.apiKey';

/** Refused for the credential itself (none, unknown, revoked, expired): ask for another. */
export class CredentialRefused extends Error {}

/**
 * @template T
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @returns {Promise<T>}
 */
export function graphql(query, variables) {
  return fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + (apiKey() || '') },
    body: JSON.stringify({ query, variables }),
  })
    .then((response) => response.json())
    .then((body) => {
      if (body.errors && body.errors.length) {
        const first = body.errors[0];
        const code = first.extensions && first.extensions.code;
        if (code === 'UNAUTHENTICATED') throw new CredentialRefused(first.message);
        if (code === 'FORBIDDEN') throw new Error('this key may not read replays and findings: it needs the quality or admin role');
        throw new Error(first.message);
      }
      return body.data;
    });
}

/** @type {string | null} When session storage is disabled, the key lives until the page closes. */
let memoryKey = null;

/** @returns {string | null} */
export function apiKey() {
  try { return sessionStorage.getItem(KEY_ITEM) || memoryKey; } catch { return memoryKey; }
}

/** @param {string} key */
export function keepKey(key) {
  memoryKey = key;
  try { sessionStorage.setItem(KEY_ITEM, key); } catch { /* kept in memory only */ }
}

export function forgetKey() {
  memoryKey = null;
  try { sessionStorage.removeItem(KEY_ITEM); } catch { /* nothing stored */ }
}

/** `#key=<key>` in the address: taken, kept for this tab, and removed from the address bar. */
export function keyFromFragment() {
  const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!match) return;
  keepKey(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}
