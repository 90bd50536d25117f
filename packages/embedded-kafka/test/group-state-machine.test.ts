import { afterEach, describe, expect, test } from 'vitest';
import type { JoinRequest } from '../src/groups/consumer-group.js';
import { GroupCoordinator } from '../src/groups/group-coordinator.js';
import { ErrorCode } from '../src/protocol/errors.js';
import { CommittedOffsets } from '../src/storage/committed-offsets.js';
import { waitUntil } from './support/kafkajs.js';

// The coordinator on its own, driven the way the JoinGroup/SyncGroup/Heartbeat handlers drive it,
// with short timeouts so that expiry paths run in milliseconds.
let coordinator: GroupCoordinator;

function newCoordinator(sessionTimeouts = { minMs: 100, maxMs: 1_800_000 }): GroupCoordinator {
  coordinator = new GroupCoordinator(new CommittedOffsets(null), () => {}, sessionTimeouts);
  return coordinator;
}

afterEach(() => coordinator?.close());

function joinRequest(memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId,
    clientId: 'test',
    clientHost: '127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('m') }],
    ...overrides,
  };
}

/** Joins with the v4 handshake (MEMBER_ID_REQUIRED, then again with the id). */
async function joinNew(group: string, overrides: Partial<JoinRequest> = {}) {
  const first = await coordinator.join(group, joinRequest('', overrides), true);
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  expect(first.memberId).not.toBe('');
  return {
    memberId: first.memberId,
    joined: coordinator.join(group, joinRequest(first.memberId, overrides), true),
  };
}

describe('group coordinator state machine', () => {
  test('a lone member: MEMBER_ID_REQUIRED, generation 1 as leader, sync, heartbeat, describe', async () => {
    newCoordinator();
    const { memberId, joined } = await joinNew('g');
    const join = await joined;
    expect(join).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: memberId,
      memberId,
      protocolName: 'range',
    });
    expect(join.members.map((m) => m.memberId)).toEqual([memberId]);
    const sync = await coordinator.sync('g', memberId, 1, [
      { memberId, assignment: Buffer.from('all') },
    ]);
    expect(sync).toEqual({ errorCode: 0, assignment: Buffer.from('all') });
    expect(coordinator.heartbeat('g', memberId, 1)).toBe(ErrorCode.NONE);
    expect(coordinator.heartbeat('g', memberId, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.heartbeat('g', 'stranger', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.describe('g')).toMatchObject({
      state: 'Stable',
      protocol: 'range',
      protocolType: 'consumer',
    });
    expect(coordinator.describe('g').members[0]!.assignment).toEqual(Buffer.from('all'));
  });

  test('before JoinGroup v4 an empty member id joins at once', async () => {
    newCoordinator();
    const join = await coordinator.join('old', joinRequest(''), false);
    expect(join.errorCode).toBe(ErrorCode.NONE);
    expect(join.generationId).toBe(1);
  });

  test('a second member triggers a rebalance; the follower waits for the leader to assign', async () => {
    newCoordinator();
    const a = await joinNew('g');
    await a.joined;
    await coordinator.sync('g', a.memberId, 1, [
      { memberId: a.memberId, assignment: Buffer.from('0-5') },
    ]);

    const b = await joinNew('g');
    expect(coordinator.heartbeat('g', a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.describe('g').state).toBe('PreparingRebalance');
    // Members may still commit for the old generation while the rebalance gathers them.
    expect(coordinator.checkCommit('g', a.memberId, 1)).toBe(ErrorCode.NONE);
    const [joinA, joinB] = await Promise.all([
      coordinator.join('g', joinRequest(a.memberId), true),
      b.joined,
    ]);
    expect(joinA.generationId).toBe(2);
    expect(joinB.generationId).toBe(2);
    expect(joinA.leader).toBe(a.memberId);
    expect(joinA.members).toHaveLength(2);
    expect(joinB.members).toEqual([]);
    expect(coordinator.checkCommit('g', b.memberId, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);

    let followerDone = false;
    const follower = coordinator
      .sync('g', b.memberId, 2, [])
      .then((r) => ((followerDone = true), r));
    await Promise.resolve();
    expect(followerDone).toBe(false);
    const leader = await coordinator.sync('g', a.memberId, 2, [
      { memberId: a.memberId, assignment: Buffer.from('0-2') },
      { memberId: b.memberId, assignment: Buffer.from('3-5') },
    ]);
    expect(leader.assignment).toEqual(Buffer.from('0-2'));
    expect((await follower).assignment).toEqual(Buffer.from('3-5'));
    expect(coordinator.describe('g').state).toBe('Stable');
  });

  test('a join repeated while the first is pending gets the answer on both', async () => {
    newCoordinator();
    const a = await joinNew('g');
    await a.joined;
    await coordinator.sync('g', a.memberId, 1, []);
    const b = await joinNew('g');
    const retried = coordinator.join('g', joinRequest(b.memberId), true);
    await coordinator.join('g', joinRequest(a.memberId), true);
    expect((await b.joined).generationId).toBe(2);
    expect((await retried).generationId).toBe(2);
  });

  test('a member without a common protocol is refused', async () => {
    newCoordinator();
    const a = await joinNew('g');
    await a.joined;
    const other = await coordinator.join(
      'g',
      joinRequest('', { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] }),
      true,
    );
    expect(other.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const wrongType = await coordinator.join(
      'g',
      joinRequest('', { protocolType: 'connect' }),
      true,
    );
    expect(wrongType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  test('a member that does not rejoin within the rebalance timeout is dropped', async () => {
    newCoordinator();
    const fast = { rebalanceTimeoutMs: 300 };
    const a = await joinNew('g', fast);
    await a.joined;
    await coordinator.sync('g', a.memberId, 1, []);
    const b = await joinNew('g', fast);
    // a never rejoins: after the rebalance timeout b gets a generation of its own.
    const joinB = await b.joined;
    expect(joinB).toMatchObject({ errorCode: 0, generationId: 2, leader: b.memberId });
    expect(joinB.members.map((m) => m.memberId)).toEqual([b.memberId]);
    expect(coordinator.heartbeat('g', a.memberId, 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a session timeout outside the configured bounds is INVALID_SESSION_TIMEOUT, the bounds are allowed', async () => {
    newCoordinator({ minMs: 1_000, maxMs: 5_000 });
    for (const sessionTimeoutMs of [999, 5_001]) {
      const refused = await coordinator.join('g', joinRequest('', { sessionTimeoutMs }), true);
      expect(refused).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT, memberId: '' });
    }
    expect(coordinator.describe('g').state).toBe('Dead');
    for (const sessionTimeoutMs of [1_000, 5_000]) {
      const first = await coordinator.join('g', joinRequest('', { sessionTimeoutMs }), true);
      expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    }
  });

  test('a member that stops heartbeating is removed after its session timeout', async () => {
    newCoordinator();
    const a = await joinNew('g', { sessionTimeoutMs: 200 });
    await a.joined;
    await coordinator.sync('g', a.memberId, 1, []);
    await waitUntil(
      () => coordinator.describe('g').state === 'Empty',
      'the group to empty',
      10_000,
    );
    expect(coordinator.describe('g').members).toEqual([]);
    expect(coordinator.heartbeat('g', a.memberId, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // An empty group takes plain (generation -1) commits, e.g. from admin tools.
    expect(coordinator.checkCommit('g', '', -1)).toBe(ErrorCode.NONE);
  });

  test('leaving starts a rebalance for the others, and the group lists and describes', async () => {
    newCoordinator();
    const a = await joinNew('g');
    await a.joined;
    await coordinator.sync('g', a.memberId, 1, []);
    const b = await joinNew('g');
    const [, joinB] = await Promise.all([
      coordinator.join('g', joinRequest(a.memberId), true),
      b.joined,
    ]);
    expect(joinB.generationId).toBe(2);
    expect(coordinator.checkCommit('g', '', -1)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.leave('g', b.memberId)).toBe(ErrorCode.NONE);
    expect(coordinator.leave('g', b.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.describe('g').state).toBe('PreparingRebalance');
    const rejoin = await coordinator.join('g', joinRequest(a.memberId), true);
    expect(rejoin.generationId).toBe(3);
    expect(coordinator.list()).toEqual([{ groupId: 'g', protocolType: 'consumer' }]);
    expect(coordinator.describe('unknown').state).toBe('Dead');
  });
});
