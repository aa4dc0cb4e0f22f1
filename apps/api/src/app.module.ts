import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EventStoreModule } from '@hindsight/event-store';
import { customerKeyStoreFor, PersonalDataModule } from '@hindsight/personal-data';
import { hindsightProjections, ProjectionsModule } from '@hindsight/projections';
import { ReadStoreModule } from '@hindsight/read-store';
import { AccessGate } from './access/access.gate';
import { AccessModule } from './access/access.module';
import { SubscriptionSockets } from './access/subscription-sockets';
import type { AppConfig } from './app.config';
import { CommandsModule } from './commands/commands.module';
import { graphQLErrorFormatter } from './graphql/graphql-error-formatter';
import { MAX_QUERY_DEPTH, PARSE_OPTIONS, rejectCostlyQueries, rejectLargeQueries, rejectLongQueries } from './graphql/query-limits';
import { rejectInvalidReadIds } from './graphql/read-ids';
import { HealthModule } from './health/health.module';
import { JourneysModule } from './journeys/journeys.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QuarantineModule } from './quarantine/quarantine.module';
import { RecordingModule } from './recording/recording.module';
import { ReplayModule } from './replay/replay.module';
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
        ProjectionsModule.forRoot({ projections: hindsightProjections(), autoStart: config.runProjector }),
        access,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [access],
          inject: [AccessGate, SubscriptionSockets, HttpAdapterHost],
          useFactory: (gate: AccessGate, sockets: SubscriptionSockets, adapterHost: HttpAdapterHost) => {
            const errorFormatter = graphQLErrorFormatter({ hideSuggestions: !config.access.allowIntrospection });
            const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
            // Before Mercurius registers its routes, so that its graphql-ws handler is wrapped too.
            sockets.guardRoutes(fastify, (errors) => errorFormatter({ errors }, { app: fastify } as never).response.errors);
            return {
              autoSchemaFile: true,
              path: '/graphql',
              graphiql: config.access.allowIntrospection,
              errorFormatter,
              context: (request: FastifyRequest) => gate.httpContext(request),
              subscription: { context: (socket) => sockets.contextOf(socket) },
              graphql: { parseOptions: PARSE_OPTIONS },
              queryDepth: MAX_QUERY_DEPTH,
              hooks: {
                // The rate limit before anything else, the size before validation; access before cost,
                // so that a caller who may not ask learns nothing about what the query would cost.
                preParsing: [gate.takeToken, rejectLongQueries],
                preValidation: rejectLargeQueries,
                preExecution: [gate.checkRequest, rejectCostlyQueries, rejectInvalidReadIds],
              },
            };
          },
        }),
        CqrsModule.forRoot(),
        HealthModule,
        QuarantineModule,
        RecordingModule,
        CommandsModule,
        JourneysModule.forRoot({ projectorInProcess: config.runProjector, readStore: config.readStore }),
        ReplayModule,
        ReviewsModule,
        PrivacyModule,
        ViewerModule,
      ],
    };
  }
}
