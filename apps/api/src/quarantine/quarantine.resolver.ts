import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { listQuarantined } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { Allow } from '../access/access-rule.decorator';
import { checkPageSize } from '../graphql/page-cursor';
import { QuarantinedEventModel } from './quarantined-event.model';

@Resolver()
export class QuarantineResolver {
  constructor(private readonly readStore: ReadStore) {}

  @Allow('admin')
  @Query(() => [QuarantinedEventModel], {
    description: 'Events the projections set aside, in $all order (re-apply them with `npm run cli -- projections reapply-quarantined`)',
  })
  async quarantinedEvents(
    @Args('projection', { type: () => String, nullable: true, description: 'Only this projection’s' }) projection: string | null,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
  ): Promise<QuarantinedEventModel[]> {
    checkPageSize(first);
    const entries = await this.readStore.read((trx) => listQuarantined(trx, { projection: projection ?? undefined, limit: first }));
    return entries.map(({ position, quarantinedAt, lastFailedAt, ...entry }) => ({
      ...entry,
      position: position.commit,
      preparePosition: position.prepare,
      quarantinedAt: quarantinedAt.toISOString(),
      lastFailedAt: lastFailedAt.toISOString(),
    }));
  }
}
