import { loadConfig, serviceEnvSchema } from '@shuangchuang/service-kit';
import { z } from 'zod';

const registryEnvSchema = serviceEnvSchema({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  MONGO_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('registry'),
  /** load the carriers of the seed notices when the registry is empty */
  SEED_ON_FIRST_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type RegistryConfig = z.output<typeof registryEnvSchema>;

/** The registry's environment, validated once; a bad variable stops the start with its name. */
export function loadRegistryConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  return loadConfig(registryEnvSchema, env);
}
