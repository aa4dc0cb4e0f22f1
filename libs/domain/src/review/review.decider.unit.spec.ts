import { deciderSpec } from '../testing/decider-spec';
import { sampleEvent } from '../testing/sample-events';
import { reviewDecider, type ConfirmFinding, type ReviewCommand } from './review.decider';
import type { ReviewEvent } from './review.events';

const spec = deciderSpec(reviewDecider);
const metadata = { now: '2026-02-02T09:00:00Z' };
const reviewId = 'R-1';

const opened = sampleEvent('ReviewOpened');
const closed = sampleEvent('ReviewClosed');
const actionItemAdded = sampleEvent('ActionItemAdded');
const actionItemCompleted = sampleEvent('ActionItemCompleted');
const longHoldConfirmed = sampleEvent('FindingConfirmed');

const openReview: ReviewCommand = {
  type: 'OpenReview',
  reviewId,
  data: { journeyId: 'contact-C-2', openedBy: 'qa-lead-1', title: 'The ticket that nobody owned' },
  metadata,
};
const confirmFinding: ConfirmFinding = {
  type: 'ConfirmFinding',
  reviewId,
  data: { findingCode: 'LONG_HOLD', reason: 'Nobody told the customer how long', by: 'qa-lead-1' },
  metadata,
};
const dismissFinding: ReviewCommand = {
  type: 'DismissFinding',
  reviewId,
  data: { findingCode: 'LONG_HOLD', reason: 'The customer asked to wait', by: 'qa-lead-1' },
  metadata,
};
const recordRootCause: ReviewCommand = {
  type: 'RecordRootCause',
  reviewId,
  data: { rootCause: 'No owner for vendor tickets', by: 'qa-lead-1' },
  metadata,
};
const addActionItem: ReviewCommand = {
  type: 'AddActionItem',
  reviewId,
  data: { actionItemId: 'AI-1', description: 'Name an owner', owner: 'team-lead-4', dueBy: '2026-02-01T17:00:00Z' },
  metadata,
};
const completeActionItem: ReviewCommand = {
  type: 'CompleteActionItem',
  reviewId,
  data: { actionItemId: 'AI-1', by: 'team-lead-4' },
  metadata,
};
const closeReview: ReviewCommand = {
  type: 'CloseReview',
  reviewId,
  data: { summary: 'Ownership gap', by: 'qa-lead-1' },
  metadata,
};

const commandsOnAnOpenReview = [confirmFinding, dismissFinding, recordRootCause, addActionItem, closeReview];

describe('reviewDecider', () => {
  describe('openReview', () => {
    it('opens a review of a journey, by whom and under which title', () => {
      spec.given([]).when(openReview).then([{ type: 'ReviewOpened', data: openReview.data }]);
    });

    it('refuses to open a review twice', () => {
      spec.given([opened]).when(openReview).thenThrows('REVIEW.ALREADY_OPENED');
    });

    it.each(['C-2', 'review-R-0', 'ticket-T-1'])('refuses "%s" as a journey id, pointing at it', (journeyId) => {
      const error = spec
        .given([])
        .when({ ...openReview, data: { journeyId, openedBy: 'qa-lead-1' } } as ReviewCommand)
        .thenThrows('REVIEW.NOT_A_JOURNEY_ID');
      expect(error).toMatchObject({ category: 'validation', path: 'data.journeyId' });
    });

    it('refuses data the catalog refuses, pointing at the field', () => {
      const error = spec
        .given([])
        .when({ ...openReview, data: { journeyId: 'contact-C-2', openedBy: 'qa lead' } } as ReviewCommand)
        .thenThrows('COMMAND.INVALID_DATA');
      expect(error.path).toBe('data.openedBy');
    });
  });

  describe('confirmFinding and dismissFinding', () => {
    it('confirms a finding with the reason', () => {
      spec.given([opened]).when(confirmFinding).then([{ type: 'FindingConfirmed', data: confirmFinding.data }]);
    });

    it('dismisses a finding with the reason', () => {
      spec.given([opened]).when(dismissFinding).then([{ type: 'FindingDismissed', data: dismissFinding.data }]);
    });

    it('lets the review change its mind about a finding', () => {
      spec
        .given([opened, longHoldConfirmed])
        .when(dismissFinding)
        .then([{ type: 'FindingDismissed', data: dismissFinding.data }]);
    });

    it('refuses the same verdict on the same finding twice', () => {
      spec.given([opened, longHoldConfirmed]).when(confirmFinding).thenThrows('REVIEW.FINDING_ALREADY_CONFIRMED');
    });

    it('judges two findings of one code apart when the review names their subjects', () => {
      const otherHold: ConfirmFinding = { ...confirmFinding, data: { ...confirmFinding.data, findingSubject: 'hold-2' } };
      spec.given([opened, longHoldConfirmed]).when(otherHold).then([{ type: 'FindingConfirmed', data: otherHold.data }]);
    });

    it('refuses a finding code that is not a code', () => {
      const error = spec
        .given([opened])
        .when({ ...confirmFinding, data: { ...confirmFinding.data, findingCode: 'long hold' } })
        .thenThrows('COMMAND.INVALID_DATA');
      expect(error.path).toBe('data.findingCode');
    });
  });

  describe('recordRootCause', () => {
    it('records the root cause, and a revision of it', () => {
      const rootCause = sampleEvent('RootCauseRecorded');
      spec
        .given([opened, rootCause])
        .when(recordRootCause)
        .then([{ type: 'RootCauseRecorded', data: recordRootCause.data }]);
    });
  });

  describe('addActionItem', () => {
    it('adds an action item with its owner and due date', () => {
      spec.given([opened]).when(addActionItem).then([{ type: 'ActionItemAdded', data: addActionItem.data }]);
    });

    it('refuses an action item id the review already has', () => {
      const error = spec.given([opened, actionItemAdded]).when(addActionItem).thenThrows('REVIEW.ACTION_ITEM_ALREADY_ADDED');
      expect(error.path).toBe('data.actionItemId');
    });
  });

  describe('completeActionItem', () => {
    it('completes an open action item', () => {
      spec
        .given([opened, actionItemAdded])
        .when(completeActionItem)
        .then([{ type: 'ActionItemCompleted', data: completeActionItem.data }]);
    });

    it('completes an action item after the review was closed: the work outlives the meeting', () => {
      spec
        .given([opened, actionItemAdded, closed])
        .when(completeActionItem)
        .then([{ type: 'ActionItemCompleted', data: completeActionItem.data }]);
    });

    it('refuses an action item the review does not have', () => {
      const error = spec.given([opened]).when(completeActionItem).thenThrows('REVIEW.ACTION_ITEM_NOT_FOUND');
      expect(error.category).toBe('not_found');
    });

    it('refuses to complete an action item twice', () => {
      spec
        .given([opened, actionItemAdded, actionItemCompleted])
        .when(completeActionItem)
        .thenThrows('REVIEW.ACTION_ITEM_ALREADY_COMPLETED');
    });

    it('is refused on a review never opened', () => {
      spec.given([]).when(completeActionItem).thenThrows('REVIEW.NOT_OPENED');
    });
  });

  describe('closeReview', () => {
    it('closes the review with its summary', () => {
      spec.given([opened]).when(closeReview).then([{ type: 'ReviewClosed', data: closeReview.data }]);
    });
  });

  describe.each(commandsOnAnOpenReview)('$type', (command) => {
    it('is refused on a review never opened', () => {
      const error = spec.given([]).when(command).thenThrows('REVIEW.NOT_OPENED');
      expect(error.category).toBe('not_found');
    });

    it('is refused on a closed review', () => {
      const error = spec.given([opened, closed] as ReviewEvent[]).when(command).thenThrows('REVIEW.ALREADY_CLOSED');
      expect(error.category).toBe('illegal_state');
    });
  });
});
