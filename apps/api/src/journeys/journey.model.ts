/**
 * The GraphQL face of a journey: the pure fold's `Journey` (libs/domain), field for field, so a
 * resolver returns the stored document as it is. Durations are milliseconds, instants ISO-8601.
 */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { JourneyOutcome, PromiseStatus } from '@hindsight/domain';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { JSONScalar } from '../graphql/json.scalar';

const journeyOutcomes = ['resolved_first_contact', 'resolved_later', 'unresolved', 'customer_lost'] as const satisfies readonly JourneyOutcome[];
const promiseStatuses = ['kept', 'broken', 'pending', 'cancelled'] as const satisfies readonly PromiseStatus[];

export const JourneyOutcomeEnum = Object.fromEntries(journeyOutcomes.map((value) => [value, value]));
registerEnumType(JourneyOutcomeEnum, { name: 'JourneyOutcome' });
export const PromiseStatusEnum = Object.fromEntries(promiseStatuses.map((value) => [value, value]));
registerEnumType(PromiseStatusEnum, { name: 'PromiseStatus' });

@ObjectType({ description: 'One event of the journey, in timeline order (occurredAt, then store position)' })
export class TimelineEntry {
  @Field(() => ID) eventId!: string;
  @Field() streamName!: string;
  @Field() type!: string;
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
export class QueueVisit {
  @Field() queueId!: string;
  @Field(() => DateTimeScalar) queuedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) answeredAt!: string | null;
  @Field(() => Float, { nullable: true }) waitMs!: number | null;
  @Field() abandoned!: boolean;
}

@ObjectType()
export class JourneyHold {
  @Field(() => DateTimeScalar) startedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt!: string | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'resumed, or disconnect when the contact ended on hold' }) endedBy!: string | null;
  @Field({ description: 'yes, no or unknown: did the customer agree to the hold' }) customerConsent!: string;
  @Field() reason!: string;
  @Field({ description: 'The customer hung up while on hold' }) customerDropped!: boolean;
  @Field(() => [ID]) eventIds!: string[];
}

@ObjectType()
export class TransferTarget {
  @Field() type!: string;
  @Field() id!: string;
}

@ObjectType()
export class JourneyTransfer {
  @Field({ description: 'blind, warm or consult' }) kind!: string;
  @Field(() => TransferTarget) target!: TransferTarget;
  @Field() contextShared!: boolean;
  @Field({ description: 'pending, completed or failed' }) status!: string;
  @Field(() => DateTimeScalar, { nullable: true }) initiatedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) settledAt!: string | null;
  @Field(() => String, { nullable: true }) fromAgentId!: string | null;
  @Field(() => String, { nullable: true }) failureReason!: string | null;
  @Field(() => [ID]) eventIds!: string[];
}

@ObjectType()
export class ContactDisconnect {
  @Field(() => DateTimeScalar) at!: string;
  @Field({ description: 'customer, agent, system or network' }) by!: string;
  @Field() reason!: string;
  @Field() whileQueued!: boolean;
  @Field() whileOnHold!: boolean;
}

@ObjectType()
export class WrapUp {
  @Field(() => DateTimeScalar) at!: string;
  @Field() outcome!: string;
  @Field() disposition!: string;
}

@ObjectType({ description: 'One call, chat, email or message session' })
export class JourneyContact {
  @Field(() => ID) contactId!: string;
  @Field(() => ID, { nullable: true, description: 'The journey it belongs to' }) journeyId?: string;
  @Field() streamName!: string;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true }) direction!: string | null;
  @Field(() => String, { nullable: true }) origin!: string | null;
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
export class CaseEscalation {
  @Field(() => DateTimeScalar) at!: string;
  @Field() to!: string;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field() reason!: string;
  @Field() initiatedBy!: string;
}

@ObjectType()
export class CaseAssignment {
  @Field(() => DateTimeScalar) at!: string;
  @Field() assigneeId!: string;
}

@ObjectType()
export class CustomerUpdate {
  @Field(() => DateTimeScalar) at!: string;
  @Field() channel!: string;
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType()
export class CaseResolution {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => String, { nullable: true }) resolvedBy!: string | null;
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType()
export class PartyAction {
  @Field(() => DateTimeScalar) at!: string;
  @Field({ description: 'customer, agent or system' }) by!: string;
  @Field() reason!: string;
}

@ObjectType()
export class CaseClosure {
  @Field(() => DateTimeScalar) at!: string;
  @Field() resolved!: boolean;
  @Field() reason!: string;
}

@ObjectType()
export class FollowUp {
  @Field(() => DateTimeScalar) at!: string;
  @Field() outcome!: string;
}

@ObjectType()
export class CustomerLost {
  @Field(() => DateTimeScalar) at!: string;
  @Field() reason!: string;
}

@ObjectType({ description: 'A ticket' })
export class JourneyCase {
  @Field(() => ID) caseId!: string;
  @Field(() => ID, { nullable: true, description: 'The journey it belongs to' }) journeyId?: string;
  @Field() streamName!: string;
  @Field(() => String, { nullable: true }) customerId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) openedAt!: string | null;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true, description: 'The earlier case this one duplicates' }) duplicateOf!: string | null;
  @Field({ description: 'open, resolved or closed' }) status!: string;
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
export class CallbackAttempt {
  @Field(() => DateTimeScalar) at!: string;
  @Field({ description: 'reached, no_answer, voicemail or busy' }) outcome!: string;
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => String, { nullable: true }) contactId!: string | null;
}

@ObjectType({ description: 'A callback, and whether its promise was kept' })
export class JourneyCallback {
  @Field(() => ID) callbackId!: string;
  @Field() streamName!: string;
  @Field(() => DateTimeScalar, { nullable: true }) requestedAt!: string | null;
  @Field(() => String, { nullable: true }) requestedBy!: string | null;
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
export class JourneyExpectation {
  @Field(() => ID) caseId!: string;
  @Field() kind!: string;
  @Field() what!: string;
  @Field() promisedBy!: string;
  @Field(() => DateTimeScalar) madeAt!: string;
  @Field(() => DateTimeScalar) dueBy!: string;
  @Field(() => PromiseStatusEnum) status!: PromiseStatus;
  @Field(() => DateTimeScalar, { nullable: true }) keptAt!: string | null;
  @Field(() => Float, { nullable: true }) latenessMs!: number | null;
}

@ObjectType()
export class ContactMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Int) inbound!: number;
  @Field(() => Int) outbound!: number;
  @Field(() => [String]) channels!: string[];
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
export class JourneyMetrics {
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
export class DataQualityNote {
  @Field() code!: string;
  @Field(() => String, { nullable: true }) streamName!: string | null;
  @Field() message!: string;
  @Field(() => [ID]) eventIds!: string[];
}

@ObjectType({ description: "One customer's problem, from first contact to the follow-up after it was solved" })
export class JourneyModel {
  @Field(() => ID, { description: 'Stable handle; any of its stream names also finds it' }) id!: string;
  @Field(() => String, { nullable: true }) customerId!: string | null;
  @Field(() => [String]) streams!: string[];
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
