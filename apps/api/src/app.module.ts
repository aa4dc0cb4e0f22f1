import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { EventStoreModule } from '@hindsight/event-store';
import { hindsightProjections, ProjectionsModule } from '@hindsight/projections';
import { ReadStoreModule } from '@hindsight/read-store';
import type { AppConfig } from './app.config';
import { CommandsModule } from './commands/commands.module';
import { formatGraphQLErrors } from './graphql/graphql-error-formatter';
import { MAX_QUERY_DEPTH, rejectCostlyQueries } from './graphql/query-limits';
import { HealthModule } from './health/health.module';
import { JourneysModule } from './journeys/journeys.module';
import { RecordingModule } from './recording/recording.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ViewerModule } from './viewer/viewer.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot({ connection: config.eventStore }),
        ReadStoreModule.forRoot(config.readStore),
        ProjectionsModule.forRoot({ projections: hindsightProjections(), autoStart: config.runProjector }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          path: '/graphql',
          graphiql: !config.production,
          errorFormatter: formatGraphQLErrors,
          subscription: true,
          queryDepth: MAX_QUERY_DEPTH,
          hooks: { preExecution: rejectCostlyQueries },
        }),
        CqrsModule.forRoot(),
        HealthModule,
        RecordingModule,
        CommandsModule,
        JourneysModule.forRoot({ projectorInProcess: config.runProjector, readStore: config.readStore }),
        ReviewsModule,
        ViewerModule,
      ],
    };
  }
}
