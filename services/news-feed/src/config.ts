import { loadConfig, serviceEnvSchema } from '@shuangchuang/service-kit';
import { z } from 'zod';

const newsFeedEnvSchema = serviceEnvSchema({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  MONGO_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('news-feed'),
  /** how often the scheduler looks for scheduled articles that are due */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5_000),
  /** how often the published feed in memory looks for what other instances wrote */
  FEED_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1_000),
  /** publish the seed articles when the feed is empty */
  SEED_ON_FIRST_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** the seed waits until the carrier read model has not changed for this long (mentions) */
  SEED_CARRIERS_QUIET_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),
  /** and publishes anyway after this long, with the carriers known by then */
  SEED_CARRIERS_MAX_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
});

export type NewsFeedConfig = z.output<typeof newsFeedEnvSchema>;

/** The news-feed's environment, validated once; a bad variable stops the start with its name. */
export function loadNewsFeedConfig(env: NodeJS.ProcessEnv = process.env): NewsFeedConfig {
  return loadConfig(newsFeedEnvSchema, env);
}
