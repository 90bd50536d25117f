import type { ClientSession } from 'mongoose';
import type { FanOutJobDocument, NotificationModels } from './models.js';

/** Fan-out jobs: started in an event's handling transaction, worked off chunk by chunk. */
export class FanOutStore {
  constructor(private readonly models: NotificationModels) {}

  /** Starts a job unless the event already started it (a replay); true when it is new. */
  async start(job: FanOutJobDocument, session: ClientSession): Promise<boolean> {
    if (await this.models.fanOutJobs.exists({ _id: job._id }).session(session)) return false;
    await this.models.fanOutJobs.create([job], { session });
    return true;
  }

  /**
   * Takes a running job no worker holds (none yet, or its lease lapsed: the worker died) for
   * `leaseMs` of wall-clock time.
   */
  async claim(owner: string, leaseMs: number): Promise<FanOutJobDocument | undefined> {
    const now = new Date();
    const found = await this.models.fanOutJobs
      .findOneAndUpdate(
        {
          state: 'running',
          $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: now } }],
        },
        { $set: { owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { sort: { createdAt: 1 }, returnDocument: 'after' },
      )
      .lean();
    return found ?? undefined;
  }

  /**
   * Moves the job past a chunk, in the chunk's transaction, only if `owner` still holds it at
   * `from`: false means another worker took it over (this one stalled past its lease), and the
   * chunk's writes must be undone.
   */
  async advance(
    job: Pick<FanOutJobDocument, '_id' | 'cursor'>,
    owner: string,
    progress: { to: string | null; told: number; leaseUntil: Date; at: Date },
    session: ClientSession,
  ): Promise<boolean> {
    const done = progress.to === null;
    const result = await this.models.fanOutJobs.updateOne(
      { _id: job._id, owner, cursor: job.cursor, state: 'running' },
      {
        $set: {
          cursor: progress.to,
          leaseUntil: progress.leaseUntil,
          ...(done && { state: 'done', finishedAt: progress.at }),
        },
        $inc: { told: progress.told, chunks: 1 },
        ...(done && { $unset: { owner: 1 } }),
      },
      { session },
    );
    return result.matchedCount === 1;
  }

  /** Lets another worker (or this one's next round) take the job at once. */
  async release(jobId: string, owner: string): Promise<void> {
    await this.models.fanOutJobs.updateOne(
      { _id: jobId, owner },
      { $unset: { owner: 1, leaseUntil: 1 } },
    );
  }

  find(jobId: string) {
    return this.models.fanOutJobs.findById(jobId).lean();
  }
}
