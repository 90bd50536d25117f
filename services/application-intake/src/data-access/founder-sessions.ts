import { prepareCollections } from '@shuangchuang/service-kit';
import type { ClientSession, Connection } from 'mongoose';

/**
 * A founder's login session: the family of refresh tokens that came from one login, each used
 * once. Only hashes of refresh tokens are stored; the access tokens issued in the session are
 * listed (id and expiry) so that ending the session can revoke them.
 */
export interface FounderSessionDocument {
  _id: string;
  founderId: string;
  createdAt: Date;
  /** the refresh token cannot be renewed beyond this */
  expiresAt: Date;
  currentRefreshHash: string;
  /** refresh tokens already exchanged: presenting one again means it was stolen */
  usedRefreshHashes: string[];
  accessTokens: { tokenId: string; expiresAt: Date }[];
  revokedAt: Date | null;
}

const COLLECTION = 'founder_sessions';
const USED_HASHES_KEPT = 50;

export class FounderSessions {
  constructor(private readonly connection: Connection) {}

  /** Creates the collection and indexes up front: sessions are revoked inside transactions. */
  async prepare(): Promise<void> {
    await prepareCollections([
      {
        createCollection: () => this.connection.db!.createCollection(COLLECTION),
        createIndexes: async () => {
          await this.collection().createIndex({ founderId: 1 });
          // sessions are forgotten a day after their refresh tokens stopped working
          await this.collection().createIndex({ expiresAt: 1 }, { expireAfterSeconds: 86_400 });
        },
      },
    ]);
  }

  async create(session: FounderSessionDocument): Promise<void> {
    await this.collection().insertOne(session);
  }

  async find(sessionId: string): Promise<FounderSessionDocument | null> {
    return this.collection().findOne({ _id: sessionId });
  }

  /**
   * Exchanges the current refresh token for the next one, atomically: of two requests presenting
   * the same token, one wins and the other finds it used.
   */
  async rotate(
    sessionId: string,
    presentedHash: string,
    nextHash: string,
    accessToken: { tokenId: string; expiresAt: Date },
    now: Date,
  ): Promise<FounderSessionDocument | null> {
    return this.collection().findOneAndUpdate(
      {
        _id: sessionId,
        currentRefreshHash: presentedHash,
        revokedAt: null,
        expiresAt: { $gt: now },
      },
      {
        $set: { currentRefreshHash: nextHash },
        $push: {
          usedRefreshHashes: { $each: [presentedHash], $slice: -USED_HASHES_KEPT },
          accessTokens: accessToken,
        },
      },
      { returnDocument: 'after' },
    );
  }

  /** Marks the sessions revoked; returns those that were not yet, with their access tokens. */
  async revoke(
    filter: { _id: string } | { founderId: string },
    now: Date,
    session: ClientSession,
  ): Promise<FounderSessionDocument[]> {
    const open = await this.collection()
      .find({ ...filter, revokedAt: null }, { session })
      .toArray();
    if (open.length === 0) return [];
    await this.collection().updateMany(
      { _id: { $in: open.map((s) => s._id) }, revokedAt: null },
      { $set: { revokedAt: now } },
      { session },
    );
    return open;
  }

  async removeOf(founderId: string, session: ClientSession): Promise<void> {
    await this.collection().deleteMany({ founderId }, { session });
  }

  private collection() {
    return this.connection.db!.collection<FounderSessionDocument>(COLLECTION);
  }
}
