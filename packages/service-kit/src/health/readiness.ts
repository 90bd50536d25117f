/** A dependency check: resolves when the dependency is usable, throws or returns false when not. */
export type ReadinessCheck = () => Promise<boolean | void> | boolean | void;

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  checks: Record<string, 'up' | 'down'>;
  failed: string[];
}

/**
 * What `/readyz` answers. Shared by the HTTP app and graceful shutdown: once shutdown
 * begins the service reports not ready, so the load balancer stops sending traffic.
 */
export interface Readiness {
  readonly shuttingDown: boolean;
  beginShutdown(): void;
  report(): Promise<ReadinessReport>;
}

export function createReadiness(
  checks: Record<string, ReadinessCheck> = {},
  { checkTimeoutMs = 2_000 }: { checkTimeoutMs?: number } = {},
): Readiness {
  let shuttingDown = false;

  async function isUp(check: ReadinessCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), checkTimeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(check), timedOut]);
      return outcome !== false;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get shuttingDown() {
      return shuttingDown;
    },
    beginShutdown() {
      shuttingDown = true;
    },
    async report() {
      const names = Object.keys(checks);
      const outcomes = await Promise.all(names.map((name) => isUp(checks[name]!)));
      const results = Object.fromEntries(
        names.map((name, index) => [name, outcomes[index] ? 'up' : 'down'] as const),
      );
      const failed = names.filter((_, index) => !outcomes[index]);
      return { ready: !shuttingDown && failed.length === 0, shuttingDown, checks: results, failed };
    },
  };
}

/** The slice of a mongoose Connection the check needs (mongoose stays the service's dependency). */
export interface MongooseConnectionLike {
  readyState: number;
  db?: { admin(): { ping(): Promise<unknown> } } | null;
}

/** Up when mongoose is connected and the server answers a ping. */
export function mongooseConnectionCheck(connection: MongooseConnectionLike): ReadinessCheck {
  const CONNECTED = 1;
  return async () => {
    if (connection.readyState !== CONNECTED || !connection.db) return false;
    await connection.db.admin().ping();
  };
}

/** The slice of a kafkajs Admin the check needs. */
export interface KafkaAdminLike {
  describeCluster(): Promise<{ brokers: unknown[] }>;
}

/**
 * Up when the cluster answers with at least one broker. The answer is reused for `maxAgeMs`
 * (default 5 s) and one question is in flight at a time, so probes and scrapes cost the broker
 * at most one request per interval.
 */
export function kafkaAdminCheck(
  admin: KafkaAdminLike,
  { maxAgeMs = 5_000 }: { maxAgeMs?: number } = {},
): ReadinessCheck {
  let last: { askedAt: number; settled: boolean; up: Promise<boolean> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || (last.settled && now - last.askedAt >= maxAgeMs)) {
      const asked: NonNullable<typeof last> = {
        askedAt: now,
        settled: false,
        up: admin.describeCluster().then(
          ({ brokers }) => brokers.length > 0,
          () => false,
        ),
      };
      void asked.up.finally(() => (asked.settled = true));
      last = asked;
    }
    return last.up;
  };
}
