/**
 * Builds and starts the API. `main.ts` and the end-to-end tests share this one code path; only the
 * config they pass differs.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LogLevel } from '@nestjs/common';
import type { AppConfig } from './app.config';
import { AppModule } from './app.module';

export interface BootstrapOptions {
  /** Nest's log levels; `false` silences it (tests). */
  readonly logger?: LogLevel[] | false;
}

export async function bootstrap(config: AppConfig, options: BootstrapOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter({ bodyLimit: config.maxRequestBytes }), {
    logger: options.logger,
    // Startup failures reach the caller as a rejection: main.ts logs and exits, a test reports it.
    abortOnError: false,
  });
  app.enableShutdownHooks();
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    // E.g. the port is taken: stop the event store that already started before giving up.
    await app.close();
    throw error;
  }
  return app;
}
