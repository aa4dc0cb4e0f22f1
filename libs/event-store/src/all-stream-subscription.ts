/**
 * A catch-up subscription to `$all` that hands events to an async handler strictly one at a time:
 * the next event is not taken from the stream until the handler's promise has settled. Projections
 * rely on that to apply an event and store its checkpoint before seeing the next one.
 */
import type { AllStreamResolvedEvent, AllStreamSubscription as ClientSubscription } from '@eventstore/db-client';

export class AllStreamSubscription {
  /** Resolves once stopped; rejects with the first failure of the handler or the connection. */
  readonly finished: Promise<void>;
  private stopRequested = false;

  constructor(
    private readonly source: ClientSubscription,
    handle: (resolved: AllStreamResolvedEvent) => Promise<void>,
  ) {
    this.finished = this.deliver(handle);
  }

  /** Ends the subscription; when it resolves, no handler is running and none will start. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.source.unsubscribe();
    await this.finished.catch(() => undefined);
  }

  private async deliver(handle: (resolved: AllStreamResolvedEvent) => Promise<void>): Promise<void> {
    try {
      // `for await` pulls one event, awaits the handler, then pulls the next: ordered, never concurrent.
      for await (const resolved of this.source) {
        if (this.stopRequested) return;
        await handle(resolved);
      }
    } catch (error) {
      if (this.stopRequested) return;
      await this.source.unsubscribe();
      throw error;
    }
    if (!this.stopRequested) {
      throw new Error('The subscription to $all ended without being stopped');
    }
  }
}
