import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { EventStoreModule } from '@hindsight/event-store';
import type { AppConfig } from './app.config';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot({ connection: config.eventStore }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          path: '/graphql',
          graphiql: !config.production,
        }),
        HealthModule,
      ],
    };
  }
}
