// @ts-check
/**
 * The viewer's GraphQL requests, and the shapes of their answers. This is the one file of the viewer
 * that names the schema's fields (and its only type name, `ReplayClock`, in a variable definition):
 * test/viewer/viewer-queries.e2e.spec.ts validates every query exported here against the API's
 * schema, so a field renamed in the API fails a test instead of the page.
 */

const CONTACT_FIELDS =
  'contactId streamName channel direction origin startedAt endedAt answeredAt agents transferredFromContactId ' +
  'queueVisits { queueId queuedAt answeredAt waitMs abandoned } ' +
  'holds { startedAt endedAt durationMs customerConsent reason customerDropped } ' +
  'transfers { kind target { type id } contextShared status initiatedAt settledAt failureReason } ' +
  'disconnect { at by reason whileOnHold whileQueued } droppedByUs abandoned';
const JOURNEY_FIELDS =
  'id customerId streams startedAt lastActivityAt ' +
  'contacts { ' + CONTACT_FIELDS + ' } ' +
  'cases { caseId streamName subject openedAt status duplicateOf customerUpdates { at } resolutions { at } ' +
  'reopenings { at } closed { at resolved } customerLost { at reason } } ' +
  'callbacks { callbackId requestedAt dueBy keptAt status latenessMs promisedBy cancelled { at } } ' +
  'expectations { caseId kind what promisedBy madeAt dueBy status keptAt latenessMs } ' +
  'metrics { contacts { count repeatContacts } queue { totalWaitMs abandonedInQueue } ' +
  'holds { count totalMs longestMs withoutConsent customerDroppedOnHold } ' +
  'transfers { count agentChain explainedAgain } disconnects { droppedByUs } ' +
  'promises { made kept broken pending totalLatenessMs } cases { count duplicates reopened longestSilenceMs } outcome } ' +
  'findings { code kind severity subject sentence at streamNames }';

/** The journey as stored now, with the instants of its timeline (they lay out the time axis). */
export const journeyQuery =
  'query Viewer($id: ID!) { journey(id: $id) { ' + JOURNEY_FIELDS + ' timeline { occurredAt } } }';

/** Every step of the replay on one clock, with the journey as it stood after that step. */
export const stepsQuery =
  'query ViewerSteps($id: ID!, $clock: ReplayClock!) { journeySteps(id: $id, clock: $clock) { ' +
  'index asOf entry { streamName type occurredAt recordedAt description } journey { ' + JOURNEY_FIELDS + ' } } }';

// The answers, field for field as selected above. Instants are ISO-8601 text (UTC).

/**
 * @typedef {object} QueueVisit
 * @property {string} queueId
 * @property {string} queuedAt
 * @property {string | null} answeredAt
 * @property {number | null} waitMs
 * @property {boolean} abandoned
 */

/**
 * @typedef {object} Hold
 * @property {string} startedAt
 * @property {string | null} endedAt
 * @property {number | null} durationMs
 * @property {string} customerConsent
 * @property {string} reason
 * @property {boolean} customerDropped
 */

/**
 * @typedef {object} Transfer
 * @property {string} kind
 * @property {{ type: string, id: string }} target
 * @property {boolean} contextShared
 * @property {string} status
 * @property {string | null} initiatedAt
 * @property {string | null} settledAt
 * @property {string | null} failureReason
 */

/**
 * @typedef {object} Disconnect
 * @property {string} at
 * @property {string} by
 * @property {string} reason
 * @property {boolean} whileOnHold
 * @property {boolean} whileQueued
 */

/**
 * @typedef {object} Contact
 * @property {string} contactId
 * @property {string} streamName
 * @property {string | null} channel
 * @property {string | null} direction
 * @property {string | null} origin
 * @property {string | null} startedAt
 * @property {string | null} endedAt
 * @property {string | null} answeredAt
 * @property {string[]} agents
 * @property {string | null} transferredFromContactId
 * @property {QueueVisit[]} queueVisits
 * @property {Hold[]} holds
 * @property {Transfer[]} transfers
 * @property {Disconnect | null} disconnect
 * @property {boolean} droppedByUs
 * @property {boolean} abandoned
 */

/**
 * @typedef {object} Case
 * @property {string} caseId
 * @property {string} streamName
 * @property {string | null} subject
 * @property {string | null} openedAt
 * @property {string} status
 * @property {string | null} duplicateOf
 * @property {{ at: string }[]} customerUpdates
 * @property {{ at: string }[]} resolutions
 * @property {{ at: string }[]} reopenings
 * @property {{ at: string, resolved: boolean } | null} closed
 * @property {{ at: string, reason: string } | null} customerLost
 */

/**
 * @typedef {object} Callback
 * @property {string} callbackId
 * @property {string | null} requestedAt
 * @property {string | null} dueBy
 * @property {string | null} keptAt
 * @property {string} status
 * @property {number | null} latenessMs
 * @property {string | null} promisedBy
 * @property {{ at: string } | null} cancelled
 */

/**
 * @typedef {object} Expectation
 * @property {string} caseId
 * @property {string} kind
 * @property {string} what
 * @property {string} promisedBy
 * @property {string} madeAt
 * @property {string} dueBy
 * @property {string} status
 * @property {string | null} keptAt
 * @property {number | null} latenessMs
 */

/**
 * @typedef {object} Metrics
 * @property {{ count: number, repeatContacts: number }} contacts
 * @property {{ totalWaitMs: number, abandonedInQueue: number }} queue
 * @property {{ count: number, totalMs: number, longestMs: number, withoutConsent: number, customerDroppedOnHold: number }} holds
 * @property {{ count: number, agentChain: string[], explainedAgain: number }} transfers
 * @property {{ droppedByUs: number }} disconnects
 * @property {{ made: number, kept: number, broken: number, pending: number, totalLatenessMs: number }} promises
 * @property {{ count: number, duplicates: number, reopened: number, longestSilenceMs: number | null }} cases
 * @property {string} outcome
 */

/**
 * @typedef {object} Finding
 * @property {string} code
 * @property {string} kind
 * @property {string} severity
 * @property {string} subject
 * @property {string} sentence
 * @property {string} at
 * @property {string[]} streamNames
 */

/**
 * @typedef {object} Journey
 * @property {string} id
 * @property {string | null} customerId
 * @property {string[]} streams
 * @property {string | null} startedAt
 * @property {string | null} lastActivityAt
 * @property {Contact[]} contacts
 * @property {Case[]} cases
 * @property {Callback[]} callbacks
 * @property {Expectation[]} expectations
 * @property {Metrics} metrics
 * @property {Finding[]} findings
 */

/** @typedef {Journey & { timeline: { occurredAt: string }[] }} StoredJourney */

/**
 * @typedef {object} Step
 * @property {number} index
 * @property {string} asOf
 * @property {{ streamName: string, type: string, occurredAt: string, recordedAt: string, description: string }} entry
 * @property {Journey} journey
 */

/** @typedef {{ journey: StoredJourney | null }} JourneyAnswer */
/** @typedef {{ journeySteps: Step[] }} StepsAnswer */
