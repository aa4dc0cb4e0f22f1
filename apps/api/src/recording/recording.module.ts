import { Module } from '@nestjs/common';
import { RecordEventsHandler } from './record-events.handler';
import { RecordEventsResolver } from './record-events.resolver';

@Module({ providers: [RecordEventsResolver, RecordEventsHandler] })
export class RecordingModule {}
