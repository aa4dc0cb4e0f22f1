import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { EventStoreModule } from '@hindsight/event-store';
import { customerKeyStoreFor, PersonalDataModule } from '@hindsight/personal-data';
import { hindsightProjections, ProjectionsModule } from '@hindsight/projections';
import { ReadStoreModule } from '@hindsight/read-store';
import { AccessGate } from './access/access.gate';
import { AccessModule } from './access/access.module';
import type { AppConfig } from './app.config';
import { CommandsModule } from './commands/commands.module';
import { graphQLErrorFormatter } from './graphql/graphql-error-formatter';
import { MAX_QUERY_DEPTH, rejectCostlyQueries } from './graphql/query-limits';
import { rejectInvalidReadIds } from './graphql/read-ids';
import { HealthModule } from './health/health.module';
import { JourneysModule } from './journeys/journeys.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QuarantineModule } from './quarantine/quarantine.module';
import { RecordingModule } from './recording/recording.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ViewerModule } from './viewer/viewer.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const access = AccessModule.forRoot(config.access);
    const keys = customerKeyStoreFor(config.keyStore);
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot({ connection: config.eventStore }),
        ReadStoreModule.forRoot(config.readStore),
        PersonalDataModule.forRoot(keys),
        ProjectionsModule.forRoot({ projections: hindsightProjections(keys), autoStart: config.runProjector }),
        access,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [access],
          inject: [AccessGate],
          useFactory: (gate: AccessGate) => ({
            autoSchemaFile: true,
            path: '/graphql',
            graphiql: config.access.allowIntrospection,
            errorFormatter: graphQLErrorFormatter({ hideSuggestions: !config.access.allowIntrospection }),
            context: (request: FastifyRequest) => gate.httpContext(request),
            subscription: {
              context: (_socket, request) => gate.httpContext(request),
              onConnect: ({ payload }) => gate.connectionInit(payload),
            },
            queryDepth: MAX_QUERY_DEPTH,
            // Access first: a caller who may not ask learns nothing about what the query would cost.
            hooks: { preExecution: [gate.checkRequest, rejectCostlyQueries, rejectInvalidReadIds], preSubscriptionExecution: gate.checkSubscription },
          }),
        }),
        CqrsModule.forRoot(),
        HealthModule,
        QuarantineModule,
        RecordingModule,
        CommandsModule,
        JourneysModule.forRoot({ projectorInProcess: config.runProjector, readStore: config.readStore }),
        ReviewsModule,
        PrivacyModule,
        ViewerModule,
      ],
    };
  }
}
