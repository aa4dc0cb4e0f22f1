/**
 * A stand-in external key service for the HINDSIGHT_KEY_STORE_MODULE seam: it keeps its keys as
 * files in KEY_SERVICE_DIR. What the test checks is that Hindsight loads such a module and uses the
 * store it makes; a real one would call a KMS or Vault.
 */
import { FileCustomerKeyStore } from '../file-customer-key-store';
import type { CustomerKeyStoreModule } from '../key-store-config';

export const createCustomerKeyStore: CustomerKeyStoreModule['createCustomerKeyStore'] = (env) => {
  if (!env.KEY_SERVICE_DIR) throw new Error('KEY_SERVICE_DIR is required');
  return new FileCustomerKeyStore(env.KEY_SERVICE_DIR, 'key-service');
};
