/**
 * What the commands that read journeys from the API (`replay`, `report`, `demo`) print the same way:
 * an instant, an offset from a journey's start, and an API error. Durations are the domain's
 * `formatDuration`, so a figure the CLI prints reads as the domain's sentences write it.
 */
import { EXIT, type CommandContext } from './command';
import { ApiUnavailableError, GraphQLRequestError } from './graphql-client';

/** No journey has that id or stream name (yet: the projector may not have caught up). */
export class JourneyNotFoundError extends Error {
  constructor(readonly journeyId: string) {
    super(`no journey has the id or stream "${journeyId}" (if its facts were just recorded, the projector may not have caught up yet)`);
    this.name = 'JourneyNotFoundError';
  }
}

/** Prints an API error the way every API command does; returns the exit code. */
export function reportApiError(context: CommandContext, commandName: string, error: unknown): number {
  if (error instanceof ApiUnavailableError || error instanceof GraphQLRequestError || error instanceof JourneyNotFoundError) {
    context.stderr.write(`cli ${commandName}: ${error.message}\n`);
    return EXIT.failed;
  }
  if (context.signal.aborted) {
    context.stderr.write(`cli ${commandName}: stopped\n`);
    return EXIT.interrupted;
  }
  throw error;
}

/** `+3d 01:29:30`, `+0:21:30`: an offset from the journey's start, fixed-width within a day. */
export function formatOffset(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = String(Math.floor((totalSeconds % 3600) / 60)).padStart(2, '0');
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  const sign = ms < 0 ? '-' : '+';
  return days ? `${sign}${days}d ${String(hours).padStart(2, '0')}:${minutes}:${seconds}` : `${sign}${hours}:${minutes}:${seconds}`;
}

/** `2026-03-05 10:29:30` (UTC). */
export function formatInstant(iso: string | null): string {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}
