import { callbacksThatNeverCame } from './callbacks-that-never-came.story';
import type { Story } from './story';
import { theTicketThatNobodyOwned } from './the-ticket-that-nobody-owned.story';

/** Every story of this folder (its `.md` files), recorded as facts. */
export const stories: readonly Story[] = [theTicketThatNobodyOwned, callbacksThatNeverCame];
