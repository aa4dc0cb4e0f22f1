import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { EventStoreModule } from '@hindsight/event-store';
import type { AppConfig } from './app.config';
import { CommandsModule } from './commands/commands.module';
import { formatGraphQLErrors } from './graphql/graphql-error-formatter';
import { HealthModule } from './health/health.module';
import { RecordingModule } from './recording/recording.module';

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
          errorFormatter: formatGraphQLErrors,
        }),
        CqrsModule.forRoot(),
        HealthModule,
        RecordingModule,
        CommandsModule,
      ],
    };
  }
}
