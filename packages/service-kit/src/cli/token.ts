#!/usr/bin/env node
// The staff token issuer for development (and for operators holding the private key):
//   npm run -s token -- --role registry-admin --sub staff-1 [--carrier <id>…] [--name 王老师] [--ttl 8h]
//   npm run -s token -- revoke --token <jwt>       (or --jti <id> [--expires-at <ISO time>])
//   npm run -s token -- keys --out <dir> [--alg ES256|EdDSA]   (a production key pair)
// Signs with --private-key, JWT_PRIVATE_KEY_FILE, or outside production the development key pair
// (JWT_KEYS_DIR, default .data/jwt-keys, generated on first use). Staff tokens live at most 12 h.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { encodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { decodeJwt } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { parseTimeSpan } from '../auth/dev-token.js';
import {
  TOKEN_REVOCATION_TOPIC,
  TOKEN_REVOKED_EVENT,
  type TokenRevokedData,
} from '../auth/revoked-tokens.js';
import { TokenIssuer } from '../auth/token-issuer.js';
import {
  generateTokenKeyPair,
  TOKEN_ALGORITHMS,
  writeTokenKeyFiles,
  type TokenAlgorithm,
} from '../auth/token-keys.js';
import {
  STAFF_TOKEN_MAX_SECONDS,
  tokenEnvProblems,
  tokenSigning,
  type TokenEnv,
} from '../auth/token-settings.js';

const USAGE = `usage:
  token --role <role> [--role <role>…] --sub <user id> [--carrier <carrier id>…] [--name <display name>] [--ttl 8h] [--private-key <file>]
  token revoke (--token <jwt> | --jti <token id> [--expires-at <ISO time>]) [--brokers host:port,…]
  token keys --out <dir> [--alg ES256|EdDSA]`;

const write = (stream: NodeJS.WriteStream, line: string) => void stream.write(line + '\n');

function environment(privateKey: string | undefined): TokenEnv {
  const env = process.env;
  const keyFile = privateKey ?? env.JWT_PRIVATE_KEY_FILE;
  return {
    NODE_ENV: (env.NODE_ENV as TokenEnv['NODE_ENV'] | undefined) ?? 'development',
    JWT_ALG: (env.JWT_ALG as TokenEnv['JWT_ALG'] | undefined) ?? 'ES256',
    JWT_MAX_TOKEN_AGE_SECONDS: STAFF_TOKEN_MAX_SECONDS,
    ...(keyFile && { JWT_PRIVATE_KEY_FILE: keyFile }),
    ...(env.JWT_KEYS_DIR && { JWT_KEYS_DIR: env.JWT_KEYS_DIR }),
  };
}

async function issue(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      carrier: { type: 'string', multiple: true },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      'private-key': { type: 'string' },
    },
  });
  if (!values.sub || !values.role?.length) {
    write(process.stderr, `token: --sub and at least one --role are required\n${USAGE}`);
    return 1;
  }
  const env = environment(values['private-key']);
  if (env.NODE_ENV === 'production') {
    // Production signs only with a key named on purpose, never a development one.
    const problem = env.JWT_PRIVATE_KEY_FILE
      ? tokenEnvProblems({ ...env, JWT_JWKS_URL: 'https://jwks.invalid' }).find(
          (p) => p.variable === 'JWT_PRIVATE_KEY_FILE',
        )
      : {
          variable: 'JWT_PRIVATE_KEY_FILE',
          message: '(or --private-key) is required when NODE_ENV is production',
        };
    if (problem) {
      write(process.stderr, `token: ${problem.variable} ${problem.message}`);
      return 1;
    }
  }
  const issued = await new TokenIssuer(tokenSigning(env)).issue(
    { sub: values.sub, roles: values.role, carrierIds: values.carrier ?? [], name: values.name },
    parseTimeSpan(values.ttl),
  );
  write(process.stdout, issued.token);
  write(process.stderr, `token id ${issued.tokenId}, expires ${issued.expiresAt.toISOString()}`);
  return 0;
}

async function revoke(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      token: { type: 'string' },
      jti: { type: 'string' },
      'expires-at': { type: 'string' },
      brokers: { type: 'string' },
    },
  });
  const claims = values.token ? decodeJwt(values.token) : undefined;
  const tokenId = claims?.jti ?? values.jti;
  if (!tokenId) {
    write(process.stderr, `token revoke: --token (with a jti) or --jti is required\n${USAGE}`);
    return 1;
  }
  const now = new Date();
  // Without an expiry, the revocation lasts as long as any token may live.
  const expiresAt = claims?.exp
    ? new Date(claims.exp * 1000)
    : values['expires-at']
      ? new Date(values['expires-at'])
      : new Date(now.getTime() + STAFF_TOKEN_MAX_SECONDS * 1000);
  if (Number.isNaN(expiresAt.getTime())) {
    write(process.stderr, 'token revoke: --expires-at must be an ISO 8601 time');
    return 1;
  }
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const data: TokenRevokedData = {
    tokenId,
    expiresAt: expiresAt.toISOString(),
    revokedAt: now.toISOString(),
    reason: 'operator',
  };
  const event: CloudEvent<TokenRevokedData> = {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:shuangchuang:token-cli',
    type: TOKEN_REVOKED_EVENT,
    subject: tokenId,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
  const kafka = new Kafka({ clientId: 'token-cli', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: TOKEN_REVOCATION_TOPIC,
      acks: -1,
      messages: [encodeEvent(event as CloudEvent)],
    });
  } finally {
    await producer.disconnect();
  }
  write(process.stderr, `token ${tokenId} revoked until ${data.expiresAt}`);
  return 0;
}

/** A new key pair for production: private.jwk.json (mode 600) and jwks.json in `--out`. */
function keys(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, alg: { type: 'string', default: 'ES256' } },
  });
  if (!values.out || !(TOKEN_ALGORITHMS as readonly string[]).includes(values.alg)) {
    write(
      process.stderr,
      `token keys: --out <dir> is required and --alg is ES256 or EdDSA\n${USAGE}`,
    );
    return 1;
  }
  const pair = generateTokenKeyPair(values.alg as TokenAlgorithm);
  const files = writeTokenKeyFiles(values.out, pair);
  write(process.stdout, JSON.stringify({ kid: pair.privateJwk.kid, ...files }));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    write(process.stdout, USAGE);
    return 0;
  }
  try {
    if (argv[0] === 'revoke') return await revoke(argv.slice(1));
    if (argv[0] === 'keys') return keys(argv.slice(1));
    return await issue(argv);
  } catch (error) {
    write(process.stderr, `token: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
