import { AppendDeadlineExceededError } from '../engine/engine-errors';
import { beforeDeadline } from './append-deadline';

describe(beforeDeadline.name, () => {
  it('does not start an append whose deadline has passed', async () => {
    const work = jest.fn(async () => 'written');

    await expect(beforeDeadline(Date.now() - 1, work)).rejects.toBeInstanceOf(AppendDeadlineExceededError);

    expect(work).not.toHaveBeenCalled();
  });

  it('answers DeadlineExceeded when the deadline passes while the append is still not durable', async () => {
    const neverDurable = () => new Promise<string>(() => undefined);

    await expect(beforeDeadline(Date.now() + 20, neverDurable)).rejects.toBeInstanceOf(AppendDeadlineExceededError);
  });

  it("answers the append's own outcome when it comes first, or when there is no deadline", async () => {
    await expect(beforeDeadline(Date.now() + 60_000, async () => 'written')).resolves.toBe('written');
    await expect(beforeDeadline(Infinity, async () => 'written')).resolves.toBe('written');
    await expect(beforeDeadline(Infinity, async () => Promise.reject(new Error('log failed')))).rejects.toThrow('log failed');
  });
});
