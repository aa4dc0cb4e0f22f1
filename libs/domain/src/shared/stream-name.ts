/**
 * Streams are named `<category>-<id>` so that subscriptions can filter on the prefix server-side.
 * The category never contains a dash; the id may (`contact-C-1`), so a name splits at its first dash,
 * as EventStoreDB's own category projection does.
 */
import { ValidationError } from './domain-error';
import { idProblem } from './characters';

export const streamCategories = ['contact', 'callback', 'case', 'review', 'privacy'] as const;
export type StreamCategory = (typeof streamCategories)[number];

/**
 * The categories a customer's journey is made of: facts that telephony, ticketing and CRM report, and
 * that our frontends decide. A review (`review-…`) is about a journey, never part of one: journeys
 * ignore it and integrations cannot record on it.
 */
export const journeyStreamCategories = ['contact', 'callback', 'case'] as const satisfies readonly StreamCategory[];
export type JourneyStreamCategory = (typeof journeyStreamCategories)[number];
export type StreamName<Category extends StreamCategory = StreamCategory> = `${Category}-${string}`;

export function streamName<Category extends StreamCategory>(category: Category, id: string): StreamName<Category> {
  const problem = idProblem(id);
  if (problem) throw new ValidationError('STREAM.INVALID_ID', `A ${category} id ${problem}`);
  return `${category}-${id}`;
}

export function parseStreamName(name: string): { readonly category: StreamCategory; readonly id: string } {
  const problem = streamNameProblem(name);
  if (problem) throw new ValidationError('STREAM.INVALID_NAME', problem);
  // streamNameProblem checked the category.
  return splitStreamName(name) as { readonly category: StreamCategory; readonly id: string };
}

/**
 * A name cut at its first dash, unchecked: the category is '' when there is no dash. For readers that must
 * take any name without throwing (the journey fold shows an odd fact rather than refuse it).
 */
export function splitStreamName(name: string): { readonly category: string; readonly id: string } {
  const dash = name.indexOf('-');
  return dash < 0 ? { category: '', id: name } : { category: name.slice(0, dash), id: name.slice(dash + 1) };
}

/** A name parseStreamName accepts: `<category>-<id>`. */
export function isStreamName(candidate: string): boolean {
  return streamNameProblem(candidate) === undefined;
}

/** Why `name` is not a stream name. The name is not echoed: it may hold exactly the characters that make a message lie. */
function streamNameProblem(name: string): string | undefined {
  const { category, id } = splitStreamName(name);
  if (!isStreamCategory(category)) {
    return `A stream name is <category>-<id> with a category among ${streamCategories.join(', ')}`;
  }
  const problem = idProblem(id);
  return problem && `The id of a ${category} stream name ${problem}`;
}

/** An id a source may use: 1 to MAX_ID_LENGTH characters that show (characters.ts). */
export function isId(candidate: string): boolean {
  return idProblem(candidate) === undefined;
}

export function isJourneyStreamCategory(candidate: string): candidate is JourneyStreamCategory {
  return (journeyStreamCategories as readonly string[]).includes(candidate);
}

function isStreamCategory(candidate: string): candidate is StreamCategory {
  return (streamCategories as readonly string[]).includes(candidate);
}

export const contactStream = (contactId: string): StreamName<'contact'> => streamName('contact', contactId);
export const callbackStream = (callbackId: string): StreamName<'callback'> => streamName('callback', callbackId);
export const caseStream = (caseId: string): StreamName<'case'> => streamName('case', caseId);
export const reviewStream = (reviewId: string): StreamName<'review'> => streamName('review', reviewId);
export const privacyStream = (customerId: string): StreamName<'privacy'> => streamName('privacy', customerId);
