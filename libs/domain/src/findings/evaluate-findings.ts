/**
 * Judges one journey by a rulebook: every rule over the folded Journey, with the rulebook's thresholds
 * and any the caller overrides. Pure: the same journey, rulebook and thresholds give the same findings.
 */
import type { Journey } from '../journey/journey';
import { ValidationError } from '../shared/domain-error';
import type { Finding, FindingThresholds, Rulebook } from './finding';
import { currentRulebook } from './rulebooks';

/** The rulebook's thresholds with the caller's overrides; each must be a finite number, not negative. */
export function thresholdsOf(rulebook: Rulebook, overrides: Partial<FindingThresholds> = {}): FindingThresholds {
  const thresholds: FindingThresholds = { ...rulebook.thresholds };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(name in rulebook.thresholds)) {
      throw new ValidationError('FINDINGS.UNKNOWN_THRESHOLD', `There is no threshold "${name}"`, name);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ValidationError('FINDINGS.INVALID_THRESHOLD', `${name} must be a finite number ≥ 0`, name);
    }
    Object.assign(thresholds, { [name]: value });
  }
  return thresholds;
}

/** The findings of a journey in the order they became true (ties: the rulebook's rule order). */
export function evaluateFindings(
  journey: Journey,
  rulebook: Rulebook = currentRulebook,
  thresholds: Partial<FindingThresholds> = {},
): Finding[] {
  const context = { thresholds: thresholdsOf(rulebook, thresholds) };
  const found = rulebook.rules.flatMap((rule, order) =>
    rule.evaluate(journey, context).map((finding) => ({ finding, order })),
  );
  return found
    .sort(
      (a, b) =>
        Date.parse(a.finding.at) - Date.parse(b.finding.at) ||
        a.order - b.order ||
        (a.finding.subject < b.finding.subject ? -1 : a.finding.subject > b.finding.subject ? 1 : 0),
    )
    .map(({ finding }) => finding);
}

/**
 * What identifies a finding across thresholds, rulebook versions and replay steps: its code and subject,
 * written as a review writes them (`findingKey` of review.decider: `LONG_HOLD@<subject>`).
 */
export function findingIdentity(finding: Pick<Finding, 'code' | 'subject'>): string {
  return `${finding.code}@${finding.subject}`;
}
