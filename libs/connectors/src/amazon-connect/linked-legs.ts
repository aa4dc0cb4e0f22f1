/**
 * A transfer in Amazon Connect is two contact records, the leg that handed over and the leg it
 * created (`NextContactId` / `PreviousContactId`), and only the two together say what kind it was.
 * AWS documents how to tell them apart
 * (https://docs.aws.amazon.com/connect/latest/adminguide/identify-conferences-transfers.html):
 * - a transfer: the new agent enters after-contact work after the first one; it was cold (blind)
 *   when the first leg has `TransferCompletedTimestamp`, warm otherwise;
 * - a consult: the new agent enters after-contact work first, having talked about 0 s (AWS's own
 *   query uses at most 2 s);
 * - a conference: the new agent enters after-contact work first, having talked longer.
 */
import type { TransferKind } from '@hindsight/domain';
import type { ContactRecord } from './contact-record';

/** AWS's own query counts an interaction of at most 2 s as none. */
const CONSULT_MAX_INTERACTION_SECONDS = 2;

export type LinkedLegKind = TransferKind | 'conference';

export function linkedLegKind(first: ContactRecord, next: ContactRecord): LinkedLegKind {
  const firstWrapUp = Date.parse(first.Agent?.AfterContactWorkStartTimestamp ?? first.DisconnectTimestamp ?? '');
  const nextWrapUp = Date.parse(next.Agent?.AfterContactWorkStartTimestamp ?? next.DisconnectTimestamp ?? '');
  const nextWentFirst = !Number.isNaN(firstWrapUp) && !Number.isNaN(nextWrapUp) && nextWrapUp < firstWrapUp;
  if (!nextWentFirst) return first.TransferCompletedTimestamp ? 'blind' : 'warm';
  return (next.Agent?.AgentInteractionDuration ?? 0) <= CONSULT_MAX_INTERACTION_SECONDS ? 'consult' : 'conference';
}
