import { Module } from '@nestjs/common';
import { QuarantineResolver } from './quarantine.resolver';

/** The projections' quarantine, for admins: what was set aside and why. */
@Module({ providers: [QuarantineResolver] })
export class QuarantineModule {}
