// @ts-check
/**
 * Asking for the API key, and what a failure shows: a key the API refuses is forgotten and asked for
 * again, saying why; any other failure is shown on the page.
 */
import { CredentialRefused, forgetKey, keepKey } from './api.js';
import { byId } from './dom.js';

/** @param {string} message why a key is asked for again; empty the first time */
export function askForKey(message) {
  byId('sign-in').hidden = false;
  const error = byId('sign-in-error');
  error.hidden = !message;
  error.textContent = message;
  document.body.setAttribute('data-state', 'sign-in');
  byId('api-key').focus();
}

/** @param {() => void} load what to do with a key once given */
export function wireSignIn(load) {
  const field = /** @type {HTMLInputElement} */ (byId('api-key'));
  function use() {
    const key = field.value.trim();
    if (!key) return;
    keepKey(key);
    field.value = '';
    byId('sign-in').hidden = true;
    document.body.removeAttribute('data-state');
    load();
  }
  byId('api-key-use').addEventListener('click', use);
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') use();
  });
}

/** @param {unknown} error */
export function fail(error) {
  if (error instanceof CredentialRefused) {
    forgetKey();
    askForKey('The API refused the key: ' + error.message);
    return;
  }
  const box = byId('error');
  box.hidden = false;
  const message = /** @type {{ message?: unknown } | null | undefined} */ (error)?.message;
  box.textContent = 'Could not load the journey: ' + (message ? message : String(error));
  document.body.setAttribute('data-state', 'error');
  console.error(error);
}
