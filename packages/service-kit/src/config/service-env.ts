import { z } from 'zod';
import { LOG_LEVELS } from '../logging/create-logger.js';

/** Development-only signing secret; refused when NODE_ENV is production. */
export const DEV_JWT_SECRET = 'shuangchuang-development-secret-do-not-use-in-production';

const hostAndPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Variables every service reads. A service may override any of them (e.g. a PORT default). */
export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URL'),
  /** the service's database on that server; the service's name when unset */
  MONGO_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1–60 letters, digits, _ or -')
    .optional(),
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine((brokers) => brokers.every((broker) => hostAndPort.test(broker)), {
      message: 'must be a comma-separated list of host:port',
    }),
};

type ServiceEnvShape<Extra extends z.ZodRawShape> = Omit<typeof commonEnvShape, keyof Extra> &
  Extra;

/** A service's validated environment; JWT_SECRET is always set after validation. */
export type ServiceEnv<Extra extends z.ZodRawShape = Record<never, never>> = Omit<
  z.output<z.ZodObject<ServiceEnvShape<Extra>>>,
  'JWT_SECRET'
> & { JWT_SECRET: string };

/**
 * The schema of a service's environment: the common variables plus its own.
 * JWT_SECRET falls back to DEV_JWT_SECRET outside production and is required in it.
 */
export function serviceEnvSchema<Extra extends z.ZodRawShape = Record<never, never>>(
  extra: Extra = {} as Extra,
): z.ZodType<ServiceEnv<Extra>> {
  const schema = z.object({ ...commonEnvShape, ...extra }).transform((parsed, context) => {
    const env = parsed as { NODE_ENV: string; JWT_SECRET?: string };
    if (env.JWT_SECRET) return parsed;
    if (env.NODE_ENV === 'production') {
      context.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required when NODE_ENV is production',
      });
      return z.NEVER;
    }
    return { ...parsed, JWT_SECRET: DEV_JWT_SECRET };
  });
  return schema as unknown as z.ZodType<ServiceEnv<Extra>>;
}
