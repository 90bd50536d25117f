// The role matrix, generated from the contracts: every operation of every service is called
// through the gateway with every role, a token without a known role, no token, an expired token,
// a token signed by another key (with the platform's key id) and an HS256 one, and, where the
// operation's `x-scope` says its resource belongs to someone, by another founder or by staff of
// another carrier; each answer must be exactly what the contract says (`x-roles`, `security`,
// `x-scope`). A new operation in a contract is in this matrix without a line written here.
import { generateTokenKeyPair, readPrivateKeyFile, signDevToken } from '@shuangchuang/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractOperations, knownRoles } from './support/contract-operations.mjs';
import { callOperation, createWorld, requestFor } from './support/role-matrix-world.mjs';
import { staffToken, startSystem } from './support/system.mjs';

const operations = contractOperations();
const roles = knownRoles();
const UNKNOWN_ROLE = 'auditor';

/** Who calls, and what the contract says they get: 'allowed' (the business answer), 401 or 403. */
function callersOf(operation) {
  const allowed = (role) => operation.public || operation.roles.includes(role);
  const verdict = (ok) => (operation.public ? 'allowed' : ok);
  const callers = [
    ...roles.map((role) => ({
      name: role,
      roles: [role],
      expect: allowed(role) ? 'allowed' : 403,
    })),
    { name: `unknown role ${UNKNOWN_ROLE}`, roles: [UNKNOWN_ROLE], expect: verdict(403) },
    { name: 'no roles', roles: [], expect: verdict(403) },
    { name: 'no token', token: 'none', expect: verdict(401) },
    { name: 'expired token', token: 'expired', expect: verdict(401) },
    { name: 'token of another key', token: 'foreign-key', expect: verdict(401) },
    { name: 'HS256 shared-secret token', token: 'shared-secret', expect: verdict(401) },
  ];
  if (operation.scope.owner) {
    callers.push({
      name: 'another founder',
      token: 'other-founder',
      expect: operation.scope.owner,
    });
  }
  if (operation.scope.carrier) {
    for (const role of operation.roles.filter((r) => r !== 'founder')) {
      callers.push({
        name: `${role} of another carrier`,
        roles: [role],
        otherCarrier: true,
        expect: operation.scope.carrier,
      });
    }
  }
  return callers;
}

let stack;
let world;
let foreignKey;
let platformKid;

async function tokenFor(caller, request) {
  const sub = `matrix-${caller.name.replace(/\W+/g, '-')}`;
  switch (caller.token) {
    case 'none':
      return undefined;
    case 'other-founder':
      return world.otherFounder.token;
    // tokens that would be let in if only their roles were looked at: every staff role
    case 'expired':
      return staffToken({ ...everyStaffRole(sub, request), ttl: '1h', issuedAt: hoursAgo(2) });
    case 'foreign-key':
      return signDevToken({
        ...everyStaffRole(sub, request),
        privateJwk: { ...foreignKey, kid: platformKid },
      });
    case 'shared-secret':
      return signDevToken({ ...everyStaffRole(sub, request), secret: 'a'.repeat(32) });
  }
  if (caller.roles.length === 1 && caller.roles[0] === 'founder') return request.founder.token;
  return staffToken({
    sub,
    roles: caller.roles,
    carrierIds: [caller.otherCarrier ? world.carrierB.id : request.carrierId],
  });
}

const everyStaffRole = (sub, request) => ({
  sub,
  roles: roles.filter((role) => role !== 'founder'),
  carrierIds: [request.carrierId],
});

const hoursAgo = (hours) => new Date(Date.now() - hours * 3600_000);

/** What is wrong with `answer` for a caller expecting `expected`, or undefined. */
function mismatch(operation, expected, answer, businessAnswers) {
  const declared = operation.statuses.includes(answer.status);
  if (expected === 'allowed') {
    if ([401, 403].includes(answer.status) || answer.status >= 500 || !declared) {
      return `expected the business answer (${spelled(businessAnswers)})`;
    }
    return businessAnswers.includes(answer.status)
      ? undefined
      : `expected ${spelled(businessAnswers)}`;
  }
  if (answer.status !== expected) return `expected ${expected}`;
  if (!declared) return `${expected} is not declared in the contract`;
  if (
    !answer.contentType?.startsWith('application/problem+json') ||
    answer.body?.status !== expected
  ) {
    return `expected ${expected} as application/problem+json`;
  }
  return undefined;
}

const twoHundreds = Array.from({ length: 100 }, (_, i) => 200 + i);
const spelled = (statuses) => (statuses === twoHundreds ? '2xx' : statuses.join(' or '));

describe('role matrix generated from the contracts', () => {
  beforeAll(async () => {
    const started = Date.now();
    stack = await startSystem();
    platformKid = readPrivateKeyFile(stack.tokenKeys.privateKeyFile, 'ES256').kid;
    foreignKey = generateTokenKeyPair('ES256').privateJwk;
    world = await createWorld(stack, operations);
    console.log(`role matrix: system and world ready in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('covers every operation of every contract, each with its roles', () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const operation of operations) {
      expect(operation.public || operation.roles.length > 0, operation.operationId).toBe(true);
    }
  });

  it.each(
    operations.map((operation) => [`${operation.service} ${operation.operationId}`, operation]),
  )('%s answers every caller as its contract says', async (_name, operation) => {
    const callers = callersOf(operation);
    const failures = [];
    const callersByStatus = new Map();
    let shared;
    for (const caller of callers) {
      // allowed calls change state, so each gets its own; refused ones share one request
      const fresh = caller.expect === 'allowed';
      const request = fresh
        ? await requestFor(operation, caller.roles?.[0])
        : (shared ??= await requestFor(operation, undefined));
      const answer = await callOperation(
        stack.gatewayUrl,
        operation,
        request,
        await tokenFor(caller, request),
      );
      callersByStatus.set(answer.status, [
        ...(callersByStatus.get(answer.status) ?? []),
        caller.name,
      ]);
      const businessAnswers = request.expect?.(caller.roles?.[0]) ?? twoHundreds;
      const wrong = mismatch(operation, caller.expect, answer, businessAnswers);
      if (wrong) {
        failures.push(
          `${caller.name}: ${answer.status} ${wrong} — ${JSON.stringify(answer.body)?.slice(0, 200)}`,
        );
      }
    }
    console.log(
      `${operation.service} ${operation.operationId}: ${[...callersByStatus]
        .map(([status, names]) => `${status} ← ${names.join(', ')}`)
        .join(' | ')}`,
    );
    expect(failures, `${operation.method} ${operation.prefix}${operation.path}`).toEqual([]);
  });
});
