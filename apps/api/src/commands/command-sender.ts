/**
 * What every frontend mutation does with its command: stamp it with the time it was made (the domain
 * never reads a clock) and with who asked, drop the nulls GraphQL passes for absent fields, and send it down the command bus.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { withoutNulls } from '../graphql/catalog-input-types';
import { DecideCommand, type FrontendCommand } from './decide.command';
import type { StreamWrite } from './stream-write.model';

type Unstamped<C> = C extends unknown ? Omit<C, 'metadata'> : never;

@Injectable()
export class CommandSender {
  constructor(private readonly commandBus: CommandBus) {}

  send(command: Unstamped<FrontendCommand>, recordedBy: string): Promise<StreamWrite> {
    const stamped = { ...command, data: withoutNulls(command.data ?? {}), metadata: { now: new Date().toISOString() } };
    return this.commandBus.execute(new DecideCommand(stamped as FrontendCommand, randomUUID(), recordedBy));
  }
}
