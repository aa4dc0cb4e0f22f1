/**
 * A rulebook version and thresholds as GraphQL asks for them, made a scenario the domain judges
 * with; and a finding as GraphQL shows it. Shared by the findings of a journey and by replay.
 */
import { currentRulebook, rulebookOf, ValidationError, type Finding, type FindingThresholds, type Rulebook } from '@hindsight/domain';
import type { FindingModel, FindingThresholdsInput } from './finding.model';

export function scenarioOf(choice: {
  version?: string;
  thresholds?: FindingThresholdsInput | null;
}): { rulebook: Rulebook; thresholds?: Partial<FindingThresholds> } {
  const rulebook = choice.version ? rulebookOf(choice.version) : currentRulebook;
  const thresholds = Object.fromEntries(
    Object.entries(choice.thresholds ?? {}).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<FindingThresholds>;
  if (Object.values(thresholds).some((value) => typeof value !== 'number' || value < 0)) {
    throw new ValidationError('FINDINGS.INVALID_THRESHOLD', 'Thresholds must be numbers of zero or more', 'thresholds');
  }
  return { rulebook, thresholds };
}

export function toFindingModel(finding: Finding): FindingModel {
  return { ...finding, evidence: [...finding.evidence], streamNames: [...finding.streamNames] };
}
