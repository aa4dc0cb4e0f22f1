/**
 * Encrypts one personal field with its customer's key: AES-256-GCM with a random 96-bit IV, so two
 * envelopes say nothing about whether their values are equal, not even for one customer.
 *
 * It used to be deterministic (a synthetic IV, HMAC of the field and its value), because a re-sent
 * fact was recognised by comparing sealed data; that let an integration key confirm a guessed value
 * (the guess was a duplicate, anything else a conflict). Re-sends are now recognised by a fact's
 * non-personal content only (`eventFingerprint`), so nothing needs equal envelopes any more.
 * Envelopes sealed the old way open the same way: the IV is stored with each one.
 *
 * The context (customer id, event type, field) is the GCM additional data: an envelope copied to
 * another field or another customer's event does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** How a personal field is stored: never the value, only this. */
export interface SealedField {
  readonly $pii: 'v1';
  /** The id of the customer key that sealed it. */
  readonly kid: string;
  readonly iv: string;
  /** Ciphertext and GCM tag, base64url. */
  readonly data: string;
}

export interface CustomerKey {
  readonly kid: string;
  /** 32 random bytes. */
  readonly key: Buffer;
}

/** Where a value sits: it is bound into the GCM additional data. */
export interface FieldContext {
  readonly customerId: string;
  readonly eventType: string;
  readonly field: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealField(customerKey: CustomerKey, context: FieldContext, value: string): SealedField {
  const aad = contextBytes(context);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', customerKey.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { $pii: 'v1', kid: customerKey.kid, iv: iv.toString('base64url'), data: ciphertext.toString('base64url') };
}

/** The value, or an error when the envelope was altered or does not belong where it was found. */
export function openField(key: Buffer, context: FieldContext, sealed: SealedField): string {
  const bytes = Buffer.from(sealed.data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAAD(contextBytes(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function isSealedField(value: unknown): value is SealedField {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate.$pii === 'v1' && typeof candidate.kid === 'string' && typeof candidate.iv === 'string' && typeof candidate.data === 'string';
}

function contextBytes({ customerId, eventType, field }: FieldContext): Buffer {
  // Ids and type names hold no NUL, so NUL-joined they read back one way only.
  return Buffer.from(`${customerId}\0${eventType}\0${field}`, 'utf8');
}
