// Followers of carriers hear of an event (news about them, a carrier opening applications).
// A few hundred are told in the event's own transaction; more get a fan-out job, worked off a
// chunk per transaction by the FanOutWorker, so 10,000 followers are a bounded number of
// transactions and a crash between two chunks resumes where the last committed one ended.
import { randomUUID } from 'node:crypto';
import { inTransaction, type Logger } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import { articlePublishedNotice, carrierAcceptingNotice } from '../domain/templates.js';
import type { Follower } from '../data-access/audiences.js';
import type { FanOutJobDocument, FollowerMessage } from '../data-access/models.js';
import type { NotificationContext } from './notification-context.js';
import {
  notifyFollowersOfNews,
  notifyRecipients,
  stableId,
  type Notification,
} from './notify-recipients.js';

export type { FollowerMessage };

type Telling = Pick<FanOutJobDocument, 'sourceEventId' | 'message' | 'carrierNames'>;

/**
 * In the handling transaction of `sourceEventId`: the followers of any of `carrierIds` hear
 * `message`, each once. Up to one chunk of them at once; beyond that a fan-out job is started.
 */
export async function tellFollowers(
  context: NotificationContext,
  sourceEventId: string,
  carrierIds: readonly string[],
  message: FollowerMessage,
  session: ClientSession,
): Promise<void> {
  if (carrierIds.length === 0) return;
  const first = await context.audiences.followersPage(
    carrierIds,
    null,
    context.fanOut.chunkSize,
    session,
  );
  if (first.followers.length === 0) return;
  const carrierNames = Object.fromEntries(await context.carriers.namesOf(carrierIds, session));
  const telling: Telling = { sourceEventId, message, carrierNames };
  if (first.next === null) {
    await tellChunk(context, telling, first.followers, session);
    return;
  }
  await context.fanOutJobs.start(
    {
      _id: stableId('fan', sourceEventId),
      ...telling,
      carrierIds: [...carrierIds],
      cursor: null,
      state: 'running',
      told: 0,
      chunks: 0,
      createdAt: context.now(),
    },
    session,
  );
}

/** One chunk of followers told, in the given transaction. */
async function tellChunk(
  context: NotificationContext,
  { sourceEventId, message, carrierNames }: Telling,
  followers: readonly Follower[],
  session: ClientSession,
): Promise<void> {
  const namesOf = (follower: Follower) =>
    follower.carrierIds.flatMap((id) => (carrierNames[id] ? [carrierNames[id]] : []));
  if (message.kind === 'carrier-accepting') {
    const notice = carrierAcceptingNotice(message);
    await notifyRecipients(
      context,
      followers.map(({ userId }): Notification => ({ sourceEventId, userId, notice })),
      session,
    );
    return;
  }
  await notifyFollowersOfNews(
    context,
    followers.map((follower) => {
      const names = namesOf(follower);
      return {
        sourceEventId,
        userId: follower.userId,
        notice: articlePublishedNotice({
          articleId: message.articleId,
          title: message.title,
          ...(message.summary ? { summary: message.summary } : {}),
          carrierNames: names,
        }),
        article: { articleId: message.articleId, title: message.title, carrierNames: names },
      };
    }),
    session,
  );
}

/** Another worker took the job over while this one was stalled: its chunk is undone. */
class FanOutJobTakenOver extends Error {}

export interface FanOutWorkerOptions {
  /** wall-clock time a worker holds a job without committing a chunk before another may take it */
  leaseMs: number;
  logger: Logger;
  /** after each committed chunk (tests stop a worker between chunks here) */
  afterChunk?: (job: Pick<FanOutJobDocument, '_id' | 'cursor' | 'told'>) => Promise<void>;
}

export interface FanOutWorker {
  /** Works off every job no live worker holds; resolves when none is left (or on stop). */
  runOnce(): Promise<number>;
  /** Finishes the chunk in flight, then lets the job go for another worker. */
  stop(): void;
}

/** Works off fan-out jobs, one chunk per transaction, the cursor moving in each. */
export function createFanOutWorker(
  context: NotificationContext,
  options: FanOutWorkerOptions,
): FanOutWorker {
  const owner = randomUUID();
  let stopped = false;

  async function work(job: FanOutJobDocument): Promise<void> {
    let cursor = job.cursor;
    let told = job.told;
    while (!stopped) {
      const from = cursor;
      const leaseUntil = new Date(Date.now() + options.leaseMs);
      const page = await inTransaction(context.connection, async (session) => {
        const chunk = await context.audiences.followersPage(
          job.carrierIds,
          from,
          context.fanOut.chunkSize,
          session,
        );
        await tellChunk(context, job, chunk.followers, session);
        const advanced = await context.fanOutJobs.advance(
          { _id: job._id, cursor: from },
          owner,
          { to: chunk.next, told: chunk.followers.length, leaseUntil, at: context.now() },
          session,
        );
        if (!advanced) throw new FanOutJobTakenOver();
        return chunk;
      });
      cursor = page.next;
      told += page.followers.length;
      await options.afterChunk?.({ _id: job._id, cursor, told });
      if (cursor === null) return;
    }
    await context.fanOutJobs.release(job._id, owner);
  }

  return {
    async runOnce() {
      let jobs = 0;
      while (!stopped) {
        const job = await context.fanOutJobs.claim(owner, options.leaseMs);
        if (!job) break;
        jobs += 1;
        try {
          await work(job);
        } catch (error) {
          if (!(error instanceof FanOutJobTakenOver)) throw error;
          options.logger.warn({ jobId: job._id }, 'fan-out job taken over by another worker');
        }
      }
      return jobs;
    },
    stop() {
      stopped = true;
    },
  };
}
