import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createJwtAuth,
  ensureDevelopmentKeys,
  tokenEnvProblems,
  tokenVerification,
} from '../src/index.js';
import { runTypeScript } from './fixtures/child-process.js';

const CLI = 'src/cli/token.ts';
const CHILD_TIMEOUT_MS = 90_000;

describe('the token CLI (npm run token)', () => {
  it(
    'prints a staff token the services accept, signed with the development key pair',
    async () => {
      const keysDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
      const child = runTypeScript(
        CLI,
        ['--role', 'registry-admin', '--role', 'editor', '--sub', 'staff-1'].concat([
          '--carrier',
          'tus-star-dezhou',
          '--name',
          '李主任',
          '--ttl',
          '8h',
        ]),
        { NODE_ENV: 'development', JWT_KEYS_DIR: keysDir },
      );
      expect((await child.exited).code).toBe(0);
      const token = child.stdout().trim();
      expect(token.split('.')).toHaveLength(3);
      expect(child.stderr()).toContain(`token id ${decodeJwt(token).jti}`);
      const verification = tokenVerification({ NODE_ENV: 'development', JWT_KEYS_DIR: keysDir });
      const user = await createJwtAuth(verification).verify(token);
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
    'generates a production key pair that production accepts and that signs tokens',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'token-cli-')), 'keys');
      const child = runTypeScript(CLI, ['keys', '--out', out], {});
      expect((await child.exited).code).toBe(0);
      const { kid, jwksFile, privateKeyFile } = JSON.parse(child.stdout());
      expect(kid).not.toMatch(/^development-/);
      const env = {
        NODE_ENV: 'production' as const,
        JWT_JWKS_FILE: jwksFile,
        JWT_PRIVATE_KEY_FILE: privateKeyFile,
      };
      expect(
        tokenEnvProblems({ ...env, JWT_ALG: 'ES256', JWT_MAX_TOKEN_AGE_SECONDS: 43200 }),
      ).toEqual([]);
      const signed = runTypeScript(CLI, ['--role', 'editor', '--sub', 'ops-1', '--ttl', '1h'], env);
      expect((await signed.exited).code).toBe(0);
      const user = await createJwtAuth(tokenVerification(env)).verify(signed.stdout().trim());
      expect(user.id).toBe('ops-1');
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'refuses a staff token over 12 h, a missing subject, and production without a key of its own',
    async () => {
      const keysDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
      const env = { NODE_ENV: 'development', JWT_KEYS_DIR: keysDir };
      const century = runTypeScript(
        CLI,
        ['--role', 'registry-admin', '--sub', 'x', '--ttl', '876000h'],
        env,
      );
      const withoutSub = runTypeScript(CLI, ['--role', 'editor'], env);
      const inProduction = runTypeScript(CLI, ['--role', 'editor', '--sub', 'x'], {
        NODE_ENV: 'production',
      });
      const { privateKeyFile } = ensureDevelopmentKeys(keysDir);
      const withDevelopmentKey = runTypeScript(
        CLI,
        ['--role', 'editor', '--sub', 'x', '--private-key', privateKeyFile],
        {
          NODE_ENV: 'production',
        },
      );
      for (const child of [century, withoutSub, inProduction, withDevelopmentKey]) {
        expect((await child.exited).code).toBe(1);
        expect(child.stdout()).toBe('');
      }
      expect(century.stderr()).toContain('lives at most 43200 s');
      expect(withoutSub.stderr()).toContain('--sub and at least one --role are required');
      expect(inProduction.stderr()).toContain(
        'JWT_PRIVATE_KEY_FILE (or --private-key) is required',
      );
      expect(withDevelopmentKey.stderr()).toContain(
        'JWT_PRIVATE_KEY_FILE holds the development key',
      );
    },
    CHILD_TIMEOUT_MS,
  );
});
