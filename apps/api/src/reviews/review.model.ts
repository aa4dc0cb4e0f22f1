/**
 * The GraphQL face of a review: the domain's `Review` fold (libs/domain/src/review/review.ts), field for
 * field, as the review projection stores it (its `reviewId` as `id`). Instants are ISO-8601. Each class
 * implements the shape it mirrors, so a field added in the domain is a compile error here.
 */
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { FindingVerdict, Review, ReviewActionItem, ReviewFinding, ReviewStatus } from '@hindsight/domain';
import { DateTimeScalar } from '../graphql/date-time.scalar';

const reviewStatuses = ['open', 'closed'] as const satisfies readonly ReviewStatus[];
const findingVerdicts = ['confirmed', 'dismissed'] as const satisfies readonly FindingVerdict[];

export const ReviewStatusEnum = Object.fromEntries(reviewStatuses.map((value) => [value, value]));
registerEnumType(ReviewStatusEnum, { name: 'ReviewStatus' });
export const FindingVerdictEnum = Object.fromEntries(findingVerdicts.map((value) => [value, value]));
registerEnumType(FindingVerdictEnum, { name: 'FindingVerdict' });

@ObjectType('ReviewFinding', { description: 'The latest verdict of a review on one finding' })
export class ReviewFindingModel implements ReviewFinding {
  @Field({ description: 'The finding code, e.g. LONG_HOLD' }) findingCode!: string;
  @Field(() => String, { nullable: true, description: 'Which finding of that code, when the review named one' })
  findingSubject!: string | null;
  @Field(() => FindingVerdictEnum) verdict!: FindingVerdict;
  @Field() reason!: string;
  @Field() by!: string;
  @Field(() => DateTimeScalar) at!: string;
}

@ObjectType('ReviewActionItem', { description: 'Something the review gave someone to do, by a date' })
export class ReviewActionItemModel implements ReviewActionItem {
  @Field(() => ID) actionItemId!: string;
  @Field() description!: string;
  @Field() owner!: string;
  @Field(() => DateTimeScalar) dueBy!: string;
  @Field(() => DateTimeScalar) addedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: string | null;
  @Field(() => String, { nullable: true }) completedBy!: string | null;
}

@ObjectType('Review', { description: "A quality team's post-mortem review of one journey" })
export class ReviewModel implements Omit<Review, 'reviewId'> {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The journey id (or stream name) the review was opened for' }) journeyId!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => ReviewStatusEnum) status!: ReviewStatus;
  @Field() openedBy!: string;
  @Field(() => DateTimeScalar) openedAt!: string;
  @Field(() => [ReviewFindingModel], { description: 'Verdicts, in the order each finding was first judged' })
  findings!: ReviewFindingModel[];
  @Field(() => String, { nullable: true }) rootCause!: string | null;
  @Field(() => String, { nullable: true }) rootCauseBy!: string | null;
  @Field(() => [ReviewActionItemModel]) actionItems!: ReviewActionItemModel[];
  @Field(() => String, { nullable: true, description: 'The conclusion it was closed with' }) summary!: string | null;
  @Field(() => String, { nullable: true }) closedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt!: string | null;
}

@ObjectType('OpenActionItem', { description: 'An action item not yet completed, with the review it came from' })
export class OpenActionItemModel {
  @Field(() => ID) reviewId!: string;
  @Field(() => ID) journeyId!: string;
  @Field(() => ID) actionItemId!: string;
  @Field() description!: string;
  @Field() owner!: string;
  @Field(() => DateTimeScalar) dueBy!: string;
  @Field({ description: 'Pass as `after` to get the items that follow this one' }) cursor!: string;
}
