import {
  FOUNDER_TOKEN_MAX_SECONDS,
  loadConfig,
  rateLimitSetting,
  serviceEnvSchema,
  type LoadConfigOptions,
  type ServiceEnv,
} from '@shuangchuang/service-kit';
import { z } from 'zod';

const intakeEnv = {
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** This service's own database on the MONGO_URL server; no other service reads it. */
  MONGO_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('application-intake'),
  /** Both set: real WeChat login; both absent: the development exchanger (refused in production). */
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE_URL: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** founder access tokens live at most 2 h; they are renewed with the refresh token */
  FOUNDER_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(FOUNDER_TOKEN_MAX_SECONDS, 'must be at most 7200 (founder tokens live at most 2 h)')
    .default(FOUNDER_TOKEN_MAX_SECONDS),
  /** logins, refreshes and logouts per client address (all replicas together) */
  LOGIN_RATE_LIMIT_PER_CLIENT: rateLimitSetting('20/1m'),
  /** logins per WeChat identity (openid), whatever address they come from */
  LOGIN_RATE_LIMIT_PER_IDENTITY: rateLimitSetting('10/1m'),
  /** new founder accounts per client address */
  ACCOUNT_CREATION_RATE_LIMIT_PER_CLIENT: rateLimitSetting('5/1h'),
  /** new founder accounts in all, whoever asks (a distributed sign-up flood) */
  ACCOUNT_CREATION_RATE_LIMIT: rateLimitSetting('120/1m'),
  /** how long a login session can be renewed without logging in again (30 days) */
  FOUNDER_REFRESH_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .max(90 * 86_400)
    .default(30 * 86_400),
};

export type IntakeConfig = ServiceEnv<typeof intakeEnv>;

export function loadIntakeConfig(
  env: Record<string, string | undefined> = process.env,
  options?: LoadConfigOptions,
): IntakeConfig {
  const schema = serviceEnvSchema(intakeEnv).superRefine((config, context) => {
    if (Boolean(config.WECHAT_APP_ID) !== Boolean(config.WECHAT_APP_SECRET)) {
      context.addIssue({
        code: 'custom',
        path: ['WECHAT_APP_SECRET'],
        message: 'must be set together with WECHAT_APP_ID',
      });
    }
    if (config.NODE_ENV === 'production' && !config.WECHAT_APP_ID) {
      context.addIssue({
        code: 'custom',
        path: ['WECHAT_APP_ID'],
        message: 'is required when NODE_ENV is production',
      });
    }
  });
  return loadConfig(schema, env, options);
}
