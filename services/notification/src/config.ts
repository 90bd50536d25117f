import {
  loadConfig,
  serviceEnvSchema,
  type LoadConfigOptions,
  type ServiceEnv,
} from '@shuangchuang/service-kit';
import { z } from 'zod';
import type { NoticeTemplate } from './domain/notice.js';

/** Development template ids; production sets the ones WeChat's console issued. */
export const DEVELOPMENT_WECHAT_TEMPLATES: Record<NoticeTemplate, string> = {
  'application.status-changed': 'dev-tpl-application-status',
  'application.received': 'dev-tpl-application-received',
  'news.published': 'dev-tpl-news-published',
  'carrier.accepting': 'dev-tpl-carrier-accepting',
  'news.digest': 'dev-tpl-news-digest',
};

const templateIds = z
  .string()
  .transform((text, context) => {
    try {
      return z.record(z.string(), z.string().min(1).max(64)).parse(JSON.parse(text));
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object of template → id' });
      return z.NEVER;
    }
  })
  .default(DEVELOPMENT_WECHAT_TEMPLATES);

const notificationEnv = {
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** This service's own database on the MONGO_URL server; no other service reads it. */
  MONGO_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('notification'),
  /** Both set: real WeChat subscribe messages; both absent: a development recording sink. */
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE_URL: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  WECHAT_TEMPLATE_IDS: templateIds,
  /** Set: the SMS provider's API; absent: a development recording sink. */
  SMS_PROVIDER_URL: z.string().url().optional(),
  SMS_API_KEY: z.string().min(1).optional(),
  SMS_SIGN_NAME: z.string().min(1).default('双创平台'),
  /** e.g. smtps://user:pass@smtp.example.com:465; absent: a development recording sink. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  EMAIL_FROM: z.string().min(3).default('双创平台 <noreply@shuangchuang.dev>'),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
  DIGEST_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** followers told per transaction; more followers than this make a fan-out job of chunks */
  FANOUT_CHUNK_SIZE: z.coerce.number().int().min(2).max(5_000).default(500),
  /** how often idle workers look for fan-out jobs */
  FANOUT_POLL_MS: z.coerce.number().int().min(10).default(200),
  /** a worker silent this long (died between chunks) has its job taken over */
  FANOUT_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
};

export type NotificationConfig = ServiceEnv<typeof notificationEnv>;

export function loadNotificationConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): NotificationConfig {
  const schema = serviceEnvSchema(notificationEnv).superRefine((config, context) => {
    if (Boolean(config.WECHAT_APP_ID) !== Boolean(config.WECHAT_APP_SECRET)) {
      context.addIssue({
        code: 'custom',
        path: ['WECHAT_APP_SECRET'],
        message: 'WECHAT_APP_ID and WECHAT_APP_SECRET go together',
      });
    }
    if (config.SMS_PROVIDER_URL && !config.SMS_API_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['SMS_API_KEY'],
        message: 'is required with SMS_PROVIDER_URL',
      });
    }
    if (config.NODE_ENV === 'production') {
      for (const name of ['WECHAT_APP_ID', 'SMS_PROVIDER_URL', 'SMTP_URL'] as const) {
        if (!config[name]) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when NODE_ENV is production',
          });
        }
      }
    }
  });
  return loadConfig(schema, env, options);
}
