/**
 * API keys as text: `hsk_<id>_<secret>`. The id is public (it names the key in lists and logs); the
 * secret is 32 random bytes. Only a SHA-256 of the whole key is stored. A slow password hash
 * (bcrypt, argon2) exists to make guessing low-entropy passwords expensive; a 256-bit random secret
 * cannot be guessed at any speed, so a fast hash loses nothing and lets every request be checked
 * in microseconds.
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'hsk_';
const KEY_PATTERN = /^hsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  readonly id: string;
  /** The whole key, to be shown once and never stored. */
  readonly secret: string;
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = `${PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, secret, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** True when the text has the shape of a key; says nothing about whether it is valid. */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}
