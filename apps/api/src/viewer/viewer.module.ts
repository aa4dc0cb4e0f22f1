import { Module } from '@nestjs/common';
import { ViewerController } from './viewer.controller';

/** The journey viewer: a static page at /viewer/<journeyId> that reads the public GraphQL API. */
@Module({ controllers: [ViewerController] })
export class ViewerModule {}
