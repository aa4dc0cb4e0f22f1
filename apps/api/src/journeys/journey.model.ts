/**
 * The GraphQL face of a journey: the pure fold's `Journey` (libs/domain), field for field, so a
 * resolver returns the stored document as it is. Durations are milliseconds, instants ISO-8601.
 */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type * as domain from '@hindsight/domain';
import type { JourneyOutcome, PromiseStatus } from '@hindsight/domain';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { JSONScalar } from '../graphql/json.scalar';

const journeyOutcomes = ['resolved_first_contact', 'resolved_later', 'unresolved', 'customer_lost'] as const satisfies readonly JourneyOutcome[];
const promiseStatuses = ['kept', 'broken', 'pending', 'cancelled'] as const satisfies readonly PromiseStatus[];

export const JourneyOutcomeEnum = Object.fromEntries(journeyOutcomes.map((value) => [value, value]));
registerEnumType(JourneyOutcomeEnum, { name: 'JourneyOutcome' });
export const PromiseStatusEnum = Object.fromEntries(promiseStatuses.map((value) => [value, value]));
registerEnumType(PromiseStatusEnum, { name: 'PromiseStatus' });

// Each class implements the domain shape it mirrors, so a field added to the fold is a compile error here
// until the API shows it or says it does not: the `Omit`s name what the API leaves out.

// The domain's shapes that have no name of their own.
type DomainTransferTarget = domain.JourneyTransfer['target'];
type DomainCaseEscalation = domain.JourneyCase['escalations'][number];
type DomainCaseAssignment = domain.JourneyCase['assignments'][number];
type DomainCustomerUpdate = domain.JourneyCase['customerUpdates'][number];
type DomainCaseResolution = domain.JourneyCase['resolutions'][number];
type DomainPartyAction = domain.JourneyCase['reopenings'][number];
type DomainCaseClosure = NonNullable<domain.JourneyCase['closed']>;
type DomainFollowUp = domain.JourneyCase['followUps'][number];
type DomainCustomerLost = NonNullable<domain.JourneyCase['customerLost']>;
type DomainCallbackAttempt = domain.JourneyCallback['attempts'][number];
type DomainContactMetrics = domain.JourneyMetrics['contacts'];

@ObjectType({ description: 'One event of the journey, in timeline order (occurredAt, then store position)' })
export class TimelineEntry implements Omit<domain.TimelineEntry, 'type' | 'data'> {
  @Field(() => ID) eventId!: string;
  @Field(() => String) streamName!: domain.StreamName;
  @Field(() => String) type!: domain.TimelineEntry['type'];
  // Resolved by privacy/timeline-entry-data.resolver.ts: its personal fields as the caller may see them.
  @Field(() => JSONScalar, {
    description:
      'The event data, shaped as the catalog defines its type. A personal field reads {"redacted": true} for a caller ' +
      'without the personal-data right (agent-app, quality, admin have it), and null once its customer was forgotten',
  })
  data!: unknown;
  @Field(() => DateTimeScalar, { description: "When it happened, by the source's clock" }) occurredAt!: string;
  @Field(() => DateTimeScalar, { description: 'When Hindsight recorded it' }) recordedAt!: string;
  @Field({ description: 'Its position in the store ($all commit position), as a decimal string' }) position!: string;
  @Field() source!: string;
  @Field({ description: 'The event in one plain sentence' }) description!: string;
}

@ObjectType()
export class QueueVisit implements domain.QueueVisit {
  @Field() queueId!: string;
  @Field(() => DateTimeScalar) queuedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) answeredAt!: string | null;
  @Field(() => Float, { nullable: true }) waitMs!: number | null;
  @Field() abandoned!: boolean;
}

@ObjectType()
export class JourneyHold implements domain.JourneyHold {
  @Field(() => DateTimeScalar) startedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt!: string | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'resumed, or disconnect when the contact ended on hold' }) endedBy!: domain.JourneyHold['endedBy'];
  @Field(() => String, { description: 'yes, no or unknown: did the customer agree to the hold' })
  customerConsent!: domain.JourneyHold['customerConsent'];
  @Field() reason!: string;
  @Field({ description: 'The customer hung up while on hold' }) customerDropped!: boolean;
  @Field(() => [ID]) eventIds!: string[];
}

@ObjectType()
export class TransferTarget implements DomainTransferTarget {
  @Field(() => String) type!: DomainTransferTarget['type'];
  @Field() id!: string;
}

@ObjectType()
export class JourneyTransfer implements domain.JourneyTransfer {
  @Field(() => String, { description: 'blind, warm or consult' }) kind!: domain.JourneyTransfer['kind'];
  @Field(() => TransferTarget) target!: TransferTarget;
  @Field() contextShared!: boolean;
  @Field(() => String, { description: 'pending, completed or failed' }) status!: domain.JourneyTransfer['status'];
  @Field(() => DateTimeScalar, { nullable: true }) initiatedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) settledAt!: string | null;
  @Field(() => String, { nullable: true }) fromAgentId!: string | null;
  @Field(() => String, { nullable: true }) failureReason!: string | null;
  @Field(() => [ID]) eventIds!: string[];
}

@ObjectType()
export class ContactDisconnect implements domain.Disconnect {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String, { description: 'customer, agent, system or network' }) by!: domain.Disconnect['by'];
  @Field() reason!: string;
  @Field() whileQueued!: boolean;
  @Field() whileOnHold!: boolean;
}

@ObjectType()
export class WrapUp implements domain.WrapUp {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String) outcome!: domain.WrapUp['outcome'];
  @Field() disposition!: string;
}

@ObjectType({ description: 'One call, chat, email or message session' })
export class JourneyContact implements Omit<domain.JourneyContact, 'messages'> {
  @Field(() => ID) contactId!: string;
  @Field(() => ID, { nullable: true, description: 'The journey it belongs to' }) journeyId?: string;
  @Field(() => String) streamName!: domain.StreamName;
  @Field(() => String, { nullable: true }) channel!: domain.JourneyContact['channel'];
  @Field(() => String, { nullable: true }) direction!: domain.JourneyContact['direction'];
  @Field(() => String, { nullable: true }) origin!: domain.JourneyContact['origin'];
  @Field(() => String, { nullable: true }) customerId!: string | null;
  @Field(() => String, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true }) transferredFromContactId!: string | null;
  @Field(() => String, { nullable: true }) answersCallbackId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt!: string | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) answeredAt!: string | null;
  @Field(() => [QueueVisit]) queueVisits!: QueueVisit[];
  @Field(() => Float) queueWaitMs!: number;
  @Field(() => [String], { description: 'Agents who handled it, in order' }) agents!: string[];
  @Field(() => [JourneyHold]) holds!: JourneyHold[];
  @Field(() => [JourneyTransfer]) transfers!: JourneyTransfer[];
  @Field(() => Int, { description: 'How many times the customer explained the problem on this contact' }) problemExplanations!: number;
  @Field(() => ContactDisconnect, { nullable: true }) disconnect!: ContactDisconnect | null;
  @Field({ description: 'The customer gave up while queued or on hold' }) abandoned!: boolean;
  @Field({ description: 'Ended from our side (agent, system) before anything was resolved' }) droppedByUs!: boolean;
  @Field({ description: 'A repeat contact: an earlier contact of the journey came within the repeat window' }) repeat!: boolean;
  @Field(() => WrapUp, { nullable: true }) wrapUp!: WrapUp | null;
}

@ObjectType()
export class CaseEscalation implements DomainCaseEscalation {
  @Field(() => DateTimeScalar) at!: string;
  @Field() to!: string;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field() reason!: string;
  @Field(() => String) initiatedBy!: DomainCaseEscalation['initiatedBy'];
}

@ObjectType()
export class CaseAssignment implements DomainCaseAssignment {
  @Field(() => DateTimeScalar) at!: string;
  @Field() assigneeId!: string;
}

@ObjectType()
export class CustomerUpdate implements DomainCustomerUpdate {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String) channel!: DomainCustomerUpdate['channel'];
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType()
export class CaseResolution implements DomainCaseResolution {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String, { nullable: true }) resolvedBy!: string | null;
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType()
export class PartyAction implements DomainPartyAction {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String, { description: 'customer, agent or system' }) by!: DomainPartyAction['by'];
  @Field() reason!: string;
}

@ObjectType()
export class CaseClosure implements DomainCaseClosure {
  @Field(() => DateTimeScalar) at!: string;
  @Field() resolved!: boolean;
  @Field() reason!: string;
}

@ObjectType()
export class FollowUp implements DomainFollowUp {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String) outcome!: DomainFollowUp['outcome'];
}

@ObjectType()
export class CustomerLost implements DomainCustomerLost {
  @Field(() => DateTimeScalar) at!: string;
  @Field() reason!: string;
}

@ObjectType({ description: 'A ticket' })
export class JourneyCase implements Omit<domain.JourneyCase, 'contactId' | 'feedback' | 'endedAt'> {
  @Field(() => ID) caseId!: string;
  @Field(() => ID, { nullable: true, description: 'The journey it belongs to' }) journeyId?: string;
  @Field(() => String) streamName!: domain.StreamName;
  @Field(() => String, { nullable: true }) customerId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) openedAt!: string | null;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) channel!: domain.JourneyCase['channel'];
  @Field(() => String, { nullable: true, description: 'The earlier case this one duplicates' }) duplicateOf!: string | null;
  @Field(() => String, { description: 'open, resolved or closed' }) status!: domain.CaseStatus;
  @Field(() => [CaseAssignment]) assignments!: CaseAssignment[];
  @Field(() => [CaseEscalation]) escalations!: CaseEscalation[];
  @Field(() => [CustomerUpdate], { description: 'Status updates sent to the customer' }) customerUpdates!: CustomerUpdate[];
  @Field(() => [CaseResolution]) resolutions!: CaseResolution[];
  @Field(() => [PartyAction]) reopenings!: PartyAction[];
  @Field(() => CaseClosure, { nullable: true }) closed!: CaseClosure | null;
  @Field(() => [FollowUp]) followUps!: FollowUp[];
  @Field(() => CustomerLost, { nullable: true, description: 'The customer ended the relationship over this case' })
  customerLost!: CustomerLost | null;
  @Field(() => DateTimeScalar, { nullable: true }) firstResponseAt!: string | null;
  @Field(() => Float, { nullable: true }) timeToFirstResponseMs!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: string | null;
  @Field(() => Float, { nullable: true }) timeToResolutionMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'The longest wait without a status update' }) longestSilenceMs!: number | null;
  @Field() followUpAfterResolution!: boolean;
}

@ObjectType()
export class CallbackAttempt implements DomainCallbackAttempt {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String, { description: 'reached, no_answer, voicemail or busy' }) outcome!: DomainCallbackAttempt['outcome'];
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType({ description: 'A callback, and whether its promise was kept' })
export class JourneyCallback implements Omit<domain.JourneyCallback, 'customerId' | 'contactId' | 'caseId' | 'promisedAt' | 'originalDueBy'> {
  @Field(() => ID) callbackId!: string;
  @Field(() => String) streamName!: domain.StreamName;
  @Field(() => DateTimeScalar, { nullable: true }) requestedAt!: string | null;
  @Field(() => String, { nullable: true }) requestedBy!: domain.JourneyCallback['requestedBy'];
  @Field(() => String, { nullable: true }) assignedTo!: string | null;
  @Field(() => String, { nullable: true }) promisedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) dueBy!: string | null;
  @Field(() => [CallbackAttempt]) attempts!: CallbackAttempt[];
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: string | null;
  @Field(() => PartyAction, { nullable: true }) cancelled!: PartyAction | null;
  @Field(() => PromiseStatusEnum) status!: PromiseStatus;
  @Field(() => DateTimeScalar, { nullable: true }) keptAt!: string | null;
  @Field(() => Float, { nullable: true, description: 'How late it was kept (or is, when still broken)' }) latenessMs!: number | null;
}

@ObjectType({ description: 'A promise other than a callback: an update, a resolution, a delivery by a time' })
export class JourneyExpectation implements Omit<domain.JourneyExpectation, 'contactId' | 'keptByEventId' | 'eventId'> {
  @Field(() => ID) caseId!: string;
  @Field(() => String) kind!: domain.JourneyExpectation['kind'];
  @Field() what!: string;
  @Field() promisedBy!: string;
  @Field(() => DateTimeScalar) madeAt!: string;
  @Field(() => DateTimeScalar) dueBy!: string;
  @Field(() => PromiseStatusEnum) status!: PromiseStatus;
  @Field(() => DateTimeScalar, { nullable: true }) keptAt!: string | null;
  @Field(() => Float, { nullable: true }) latenessMs!: number | null;
}

@ObjectType()
export class ContactMetrics implements DomainContactMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Int) inbound!: number;
  @Field(() => Int) outbound!: number;
  @Field(() => [String]) channels!: domain.Channel[];
  @Field(() => Int) repeatContacts!: number;
}

@ObjectType()
export class QueueMetrics {
  @Field(() => Int) queued!: number;
  @Field(() => Float) totalWaitMs!: number;
  @Field(() => Float) longestWaitMs!: number;
  @Field(() => Int) abandonedInQueue!: number;
}

@ObjectType()
export class HoldMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Float) totalMs!: number;
  @Field(() => Float) longestMs!: number;
  @Field(() => Float, { nullable: true }) averageMs!: number | null;
  @Field(() => Int) withoutConsent!: number;
  @Field(() => Int) customerDroppedOnHold!: number;
}

@ObjectType()
export class TransferMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Int) blind!: number;
  @Field(() => Int) withoutContext!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [String], { description: 'Every agent who handled the customer, in order' }) agentChain!: string[];
  @Field(() => Int) problemExplanations!: number;
  @Field(() => Int, { description: 'Times the customer had to explain the problem again' }) explainedAgain!: number;
}

@ObjectType()
export class DisconnectMetrics {
  @Field(() => Int) customer!: number;
  @Field(() => Int) agent!: number;
  @Field(() => Int) system!: number;
  @Field(() => Int) network!: number;
  @Field(() => Int) droppedByUs!: number;
}

@ObjectType()
export class PromiseMetrics {
  @Field(() => Int) callbacksRequested!: number;
  @Field(() => Int) callbacksNeverAttempted!: number;
  @Field(() => Int) made!: number;
  @Field(() => Int) kept!: number;
  @Field(() => Int) broken!: number;
  @Field(() => Int) pending!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Float) totalLatenessMs!: number;
}

@ObjectType()
export class CaseMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Int) escalations!: number;
  @Field(() => Int) duplicates!: number;
  @Field(() => Int) reopened!: number;
  @Field(() => Float, { nullable: true }) timeToFirstResponseMs!: number | null;
  @Field(() => Float, { nullable: true }) timeToResolutionMs!: number | null;
  @Field(() => Float, { nullable: true }) longestSilenceMs!: number | null;
  @Field() followUpAfterResolution!: boolean;
}

@ObjectType({ description: 'Definitions: see the README section "Journey metrics"' })
export class JourneyMetrics implements domain.JourneyMetrics {
  @Field(() => ContactMetrics) contacts!: ContactMetrics;
  @Field(() => QueueMetrics) queue!: QueueMetrics;
  @Field(() => HoldMetrics) holds!: HoldMetrics;
  @Field(() => TransferMetrics) transfers!: TransferMetrics;
  @Field(() => DisconnectMetrics) disconnects!: DisconnectMetrics;
  @Field(() => Int) abandoned!: number;
  @Field(() => PromiseMetrics) promises!: PromiseMetrics;
  @Field(() => CaseMetrics) cases!: CaseMetrics;
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: string | null;
  @Field(() => JourneyOutcomeEnum) outcome!: JourneyOutcome;
  @Field({ description: 'True while the outcome may still change (e.g. within the repeat-contact window)' }) outcomeProvisional!: boolean;
}

@ObjectType({ description: 'A sequence anomaly in the facts, kept as data rather than dropped' })
export class DataQualityNote implements domain.DataQualityNote {
  @Field(() => String) code!: domain.DataQualityCode;
  @Field(() => String, { nullable: true }) streamName!: domain.StreamName | null;
  @Field() message!: string;
  @Field(() => [ID]) eventIds!: string[];
}

// The lists of partial mirrors are checked by their own classes.
@ObjectType('Journey', { description: "One customer's problem, from first contact to the follow-up after it was solved" })
export class JourneyModel
  implements Omit<domain.Journey, 'judgedAt' | 'timeline' | 'contacts' | 'cases' | 'callbacks' | 'expectations'>
{
  @Field(() => ID, { description: 'Stable handle; any of its stream names also finds it' }) id!: string;
  @Field(() => String, { nullable: true }) customerId!: string | null;
  @Field(() => [String]) streams!: domain.StreamName[];
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastActivityAt!: string | null;
  @Field(() => [TimelineEntry]) timeline!: TimelineEntry[];
  @Field(() => [JourneyContact]) contacts!: JourneyContact[];
  @Field(() => [JourneyCase]) cases!: JourneyCase[];
  @Field(() => [JourneyCallback]) callbacks!: JourneyCallback[];
  @Field(() => [JourneyExpectation]) expectations!: JourneyExpectation[];
  @Field(() => JourneyMetrics) metrics!: JourneyMetrics;
  @Field(() => [DataQualityNote]) notes!: DataQualityNote[];
}
