import { registerEnumType } from '@nestjs/graphql';

/** Which clock a replay is cut on. */
export enum ReplayClock {
  OCCURRED = 'occurred',
  RECORDED = 'recorded',
}
registerEnumType(ReplayClock, {
  name: 'ReplayClock',
  valuesMap: {
    OCCURRED: { description: 'What had happened by then (occurredAt, the sources\' clocks)' },
    RECORDED: { description: 'What Hindsight knew by then (when each event was recorded)' },
  },
});
