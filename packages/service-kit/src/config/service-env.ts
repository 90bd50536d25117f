import { z } from 'zod';
import { tokenEnvProblems, tokenEnvShape, type TokenEnv } from '../auth/token-settings.js';
import { LOG_LEVELS } from '../logging/create-logger.js';

const hostAndPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Variables every service reads. A service may override any of them (e.g. a PORT default). */
export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
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
  ...tokenEnvShape,
};

type ServiceEnvShape<Extra extends z.ZodRawShape> = Omit<typeof commonEnvShape, keyof Extra> &
  Extra;

/** A service's validated environment (JWT_SECRET never leaves validation). */
export type ServiceEnv<Extra extends z.ZodRawShape = Record<never, never>> = Omit<
  z.output<z.ZodObject<ServiceEnvShape<Extra>>>,
  'JWT_SECRET'
>;

/**
 * The schema of a service's environment: the common variables plus its own. With
 * NODE_ENV=production the token settings must name real keys (see `tokenEnvProblems`).
 */
export function serviceEnvSchema<Extra extends z.ZodRawShape = Record<never, never>>(
  extra: Extra = {} as Extra,
): z.ZodType<ServiceEnv<Extra>> {
  const schema = z.object({ ...commonEnvShape, ...extra }).transform((parsed, context) => {
    const problems = tokenEnvProblems(parsed as unknown as TokenEnv & { JWT_SECRET?: string });
    for (const { variable, message } of problems) {
      context.addIssue({ code: 'custom', path: [variable], message });
    }
    if (problems.length > 0) return z.NEVER;
    const { JWT_SECRET: _unused, ...env } = parsed as typeof parsed & { JWT_SECRET?: string };
    return env;
  });
  return schema as unknown as z.ZodType<ServiceEnv<Extra>>;
}
