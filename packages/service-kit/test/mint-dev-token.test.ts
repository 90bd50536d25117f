import { describe, expect, it } from 'vitest';
import { createJwtAuth, DEV_JWT_SECRET } from '../src/index.js';
import { runTypeScript } from './fixtures/child-process.js';

const CLI = 'src/cli/mint-dev-token.ts';
const CHILD_TIMEOUT_MS = 90_000;

describe('mint-dev-token', () => {
  it(
    'prints a token the services accept, with the roles, subject and carriers asked for',
    async () => {
      const child = runTypeScript(
        CLI,
        [
          '--role',
          'registry-admin',
          '--role',
          'editor',
          '--sub',
          'staff-1',
          '--carrier',
          'tus-star-dezhou',
          '--name',
          '李主任',
          '--ttl',
          '8h',
        ],
        {},
      );
      expect((await child.exited).code).toBe(0);
      const token = child.stdout().trim();
      expect(token.split('.')).toHaveLength(3);
      const user = await createJwtAuth({ secret: DEV_JWT_SECRET }).verify(token);
      expect(user).toEqual({
        id: 'staff-1',
        roles: ['registry-admin', 'editor'],
        carrierIds: ['tus-star-dezhou'],
        name: '李主任',
      });
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'signs with JWT_SECRET when set',
    async () => {
      const secret = 'a-staging-secret-that-is-long-enough-000';
      const child = runTypeScript(CLI, ['--role', 'reviewer', '--sub', 'staff-2'], {
        JWT_SECRET: secret,
      });
      expect((await child.exited).code).toBe(0);
      const user = await createJwtAuth({ secret }).verify(child.stdout().trim());
      expect(user.roles).toEqual(['reviewer']);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'refuses to run without a subject, and in production',
    async () => {
      const withoutSub = runTypeScript(CLI, ['--role', 'editor'], {});
      expect((await withoutSub.exited).code).toBe(1);
      expect(withoutSub.stderr()).toContain('--sub and at least one --role are required');
      expect(withoutSub.stdout()).toBe('');

      const inProduction = runTypeScript(CLI, ['--role', 'editor', '--sub', 'x'], {
        NODE_ENV: 'production',
      });
      expect((await inProduction.exited).code).toBe(1);
      expect(inProduction.stdout()).toBe('');
    },
    CHILD_TIMEOUT_MS,
  );
});
