import { Logger } from '@nestjs/common';
import { CustomerKeyStore } from '@hindsight/personal-data';
import { appConfigFromEnv } from './app.config';
import { bootstrap } from './bootstrap';

async function main(): Promise<void> {
  const config = appConfigFromEnv();
  const app = await bootstrap(config);
  const url = await app.getUrl();
  const store = config.eventStore.mode === 'embedded' ? `embedded, in ${config.eventStore.dataDir}` : 'external';
  Logger.log(`GraphQL on ${url}/graphql (event store: ${store}; customer keys: ${app.get(CustomerKeyStore).description})`, 'Hindsight');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Hindsight');
  process.exit(1);
});
