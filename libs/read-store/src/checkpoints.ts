/**
 * Where each projection stands in `$all`: one row per projection in the generation it writes, so a
 * batch and the checkpoint that moves past it commit in one transaction. Positions stay bigint both
 * ways (never a number: past 2^53 it would be wrong); -1 marks a projection that has applied nothing yet.
 */
import type { ReadModelTransaction } from './read-models';

/** A position in `$all`, as the event store gives it. */
export interface CheckpointPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Creates the projection's row, before its first event, if there is none: then every batch can lock it. */
export async function ensureCheckpoint(trx: ReadModelTransaction, projection: string): Promise<void> {
  await trx
    .insertInto('checkpoint')
    .values({ projection, commit_position: -1n, prepare_position: -1n })
    .onConflict((conflict) => conflict.column('projection').doNothing())
    .execute();
}

/**
 * The projection's last applied position; undefined before its first event. With `lock`, the row stays
 * locked until the transaction ends: a second writer of the same projection (another process) waits.
 */
export async function readCheckpoint(
  trx: ReadModelTransaction,
  projection: string,
  options: { readonly lock?: boolean } = {},
): Promise<CheckpointPosition | undefined> {
  let query = trx.selectFrom('checkpoint').select(['commit_position', 'prepare_position']).where('projection', '=', projection);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || row.commit_position < 0n) return undefined;
  return { commit: row.commit_position, prepare: row.prepare_position };
}

/** Moves the projection's checkpoint to `position`. */
export async function storeCheckpoint(trx: ReadModelTransaction, projection: string, position: CheckpointPosition): Promise<void> {
  await trx
    .updateTable('checkpoint')
    .set({ commit_position: position.commit, prepare_position: position.prepare, updated_at: new Date() })
    .where('projection', '=', projection)
    .execute();
}
