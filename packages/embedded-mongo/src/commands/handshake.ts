import { Long, ObjectId, Timestamp, type Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/opcodes.js';
import type { CommandContext, CommandHandler } from './context.js';
import { CommandError } from '../errors.js';

/** The MongoDB version we present; wire version 17 is 6.0 (drivers need ≥ 9 / ≤ their maximum). */
const VERSION = '6.0.0';
const MAX_WIRE_VERSION = 17;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/**
 * hello / isMaster: a single-node replica set primary, so drivers allow sessions and transactions.
 * No topologyVersion: we do not implement streaming heartbeats.
 */
const hello: CommandHandler = (_command, context) => helloReply(context);

export function helloReply(context: CommandContext): Document {
  const { identity } = context;
  const now = new Date();
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    secondary: false,
    setName: identity.replicaSetName,
    setVersion: 1,
    hosts: [identity.address],
    primary: identity.address,
    me: identity.address,
    electionId: ELECTION_ID,
    lastWrite: {
      opTime: { ts: Timestamp.fromBits(0, Math.floor(now.getTime() / 1000)), t: Long.ONE },
      lastWriteDate: now,
    },
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded-mongo',
  versionArray: [6, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

/** The server parameters this server has, as getParameter / setParameter name them. */
const PARAMETERS = ['featureCompatibilityVersion', 'transactionLifetimeLimitSeconds'] as const;

/** The parameters a getParameter / setParameter command names (admin database only). */
function parametersNamed(command: Document, verb: string, db: string): string[] {
  if (db !== 'admin')
    throw new CommandError(
      13,
      `${verb} may only be run against the admin database.`,
      'Unauthorized',
    );
  return Object.keys(command).filter(
    (key) => key !== verb && !key.startsWith('$') && key !== 'lsid' && key !== 'comment',
  );
}

const getParameter: CommandHandler = (command, { db, transactions }) => {
  const asked = parametersNamed(command, 'getParameter', db);
  const all = command.getParameter === '*';
  const reply: Document = { ok: 1 };
  if (all || asked.includes('featureCompatibilityVersion'))
    reply.featureCompatibilityVersion = { version: '6.0' };
  if (all || asked.includes('transactionLifetimeLimitSeconds'))
    reply.transactionLifetimeLimitSeconds = transactions.lifetimeMs / 1000;
  // As mongod: an error only when none of the names asked is a parameter.
  if (!all && !asked.some((key) => (PARAMETERS as readonly string[]).includes(key)))
    throw new CommandError(72, 'no option found to get', 'InvalidOptions');
  return reply;
};

/** setParameter: transactionLifetimeLimitSeconds (≥ 1, as mongod validates it) at runtime. */
const setParameter: CommandHandler = (command, { db, transactions }) => {
  const names = parametersNamed(command, 'setParameter', db);
  if (names.length === 0)
    throw new CommandError(2, 'no option found to set, use help:true to see options ', 'BadValue');
  const reply: Document = { ok: 1 };
  for (const name of names) {
    if (name !== 'transactionLifetimeLimitSeconds')
      throw new CommandError(
        2,
        `attempted to set unrecognized parameter [${name}], use help:true to see options `,
        'BadValue',
      );
    const seconds = Number(command[name]);
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new CommandError(
        2,
        `Invalid value for parameter transactionLifetimeLimitSeconds: ${String(command[name])} is not greater than or equal to 1`,
        'BadValue',
      );
    reply.was = transactions.lifetimeMs / 1000;
    transactions.lifetimeMs = seconds * 1000;
  }
  return reply;
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  setParameter,
  hostInfo: () => ({
    system: { hostname: 'embedded-mongo' },
    os: { type: process.platform },
    extra: {},
    ok: 1,
  }),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  connectionStatus: () => ({
    authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
    ok: 1,
  }),
  serverStatus: (_command, context) => ({
    host: context.identity.address,
    version: VERSION,
    process: 'embedded-mongo',
    uptime: (Date.now() - context.identity.startedAt.getTime()) / 1000,
    localTime: new Date(),
    ok: 1,
  }),
  // Sessions exist here only as far as transactions need them: ending one aborts its transaction.
  endSessions: (command, context) => {
    if (Array.isArray(command.endSessions)) context.sessions.end(command.endSessions);
    return { ok: 1 };
  },
  killSessions: (command, context) => {
    if (Array.isArray(command.killSessions)) context.sessions.end(command.killSessions);
    return { ok: 1 };
  },
  refreshSessions: () => ({ ok: 1 }),
  killAllSessions: (_command, context) => {
    context.sessions.killAll();
    return { ok: 1 };
  },
  startSession: () => ({ ok: 1 }),
};
