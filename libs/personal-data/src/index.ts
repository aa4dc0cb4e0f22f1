/**
 * @hindsight/personal-data: crypto-shredding of the catalog's personal fields. Sealed with a
 * per-customer key at the write edge, revealed by every reader through one function, erased for good
 * by destroying the key. The keys live in a `CustomerKeyStore` (files in the data directory, the
 * PostgreSQL database, or an external key service); never in the event store.
 */
export { CustomerKeyStore, type KeyReference } from './customer-key-store';
export { DatabaseCustomerKeyStore, PERSONAL_DATA_SCHEMA } from './database-customer-key-store';
export { FileCustomerKeyStore } from './file-customer-key-store';
export { isSealedField, type CustomerKey, type SealedField } from './field-cipher';
export { customerKeyStoreFor, keyStoreConfigFromEnv, type CustomerKeyStoreModule, type KeyStoreConfig } from './key-store-config';
export { moveKeysOutOfReadStore } from './legacy-keys';
export { PersonalDataModule } from './personal-data.module';
export { revealFacts, sealEvents } from './personal-fields-codec';
