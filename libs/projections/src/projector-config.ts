/**
 * What the projector reads from its environment, for the API in embedded mode and `apps/projector`
 * alike: how often the live runners look for journeys whose verdict changed with time alone.
 */
import type { ProjectionRunnerOptions } from './projection-runner';

export type ProjectorRunnerOptions = Pick<ProjectionRunnerOptions, 'dueIntervalMs'>;

/** HINDSIGHT_REJUDGE_INTERVAL_MS: the most a verdict that changed with time alone is stored late (default 1,000). */
export function projectorRunnerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ProjectorRunnerOptions {
  const text = env.HINDSIGHT_REJUDGE_INTERVAL_MS;
  if (text === undefined || text === '') return {};
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 10 || value > 3_600_000) {
    throw new Error(`HINDSIGHT_REJUDGE_INTERVAL_MS must be a whole number of milliseconds from 10 to 3,600,000, got "${text}"`);
  }
  return { dueIntervalMs: value };
}
