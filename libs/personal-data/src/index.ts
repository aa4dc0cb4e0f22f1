/**
 * @hindsight/personal-data: crypto-shredding of the catalog's personal fields. Sealed with a
 * per-customer key at the write edge, revealed by every reader through one function, erased for good
 * by destroying the key. The keys live in the read store, outside the generations; never in the event store.
 */
export { CustomerKeys, PERSONAL_DATA_SCHEMA } from './customer-keys';
export { isSealedField, type SealedField } from './field-cipher';
export { revealFacts, sealEvents } from './personal-fields-codec';
