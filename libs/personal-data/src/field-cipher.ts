/**
 * Encrypts one personal field with its customer's key: AES-256-GCM with a synthetic IV, so the same
 * value under the same key, event type and field always encrypts to the same envelope.
 *
 * Why deterministic: a fact re-sent by an integration is recognised as "the same fact" by comparing
 * what would be stored with what is stored (`EventStore.appendUnseen`, a fingerprint of the data). A
 * random IV would make every retry of a fact with a name or a number in it a conflict. The IV is
 * HMAC-SHA256 of the field's context and value under a key derived from the customer's key, cut to 12
 * bytes (the SIV construction): two different values never share an IV short of an HMAC collision,
 * and equal values share the whole envelope, which is all it reveals (that a customer's phone number
 * on two facts is the same number).
 *
 * The context (customer id, event type, field) is also the GCM additional data: an envelope copied to
 * another field or another customer's event does not open.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

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

/** Where a value sits: it is bound into both the IV and the GCM additional data. */
export interface FieldContext {
  readonly customerId: string;
  readonly eventType: string;
  readonly field: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealField(customerKey: CustomerKey, context: FieldContext, value: string): SealedField {
  const aad = contextBytes(context);
  const iv = createHmac('sha256', ivKeyOf(customerKey.key))
    .update(aad)
    .update(Buffer.from([0]))
    .update(value, 'utf8')
    .digest()
    .subarray(0, IV_BYTES);
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

/** A key of its own for the IVs, so the encryption key is never also used as a MAC key. */
function ivKeyOf(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'hindsight personal data: synthetic IV v1', 32));
}

function contextBytes({ customerId, eventType, field }: FieldContext): Buffer {
  // Ids and type names hold no NUL, so NUL-joined they read back one way only.
  return Buffer.from(`${customerId}\0${eventType}\0${field}`, 'utf8');
}
