import { Module } from '@nestjs/common';
import { CallbackCommandsResolver } from './callback-commands.resolver';
import { CaseCommandsResolver } from './case-commands.resolver';
import { CommandSender } from './command-sender';
import { ContactCommandsResolver } from './contact-commands.resolver';
import { DecideHandler } from './decide.handler';

/** The typed mutations our own frontends send, each decided against the current state of its stream. */
@Module({
  providers: [CommandSender, DecideHandler, ContactCommandsResolver, CallbackCommandsResolver, CaseCommandsResolver],
  // Other capabilities (reviews) send their commands down the same path.
  exports: [CommandSender],
})
export class CommandsModule {}
