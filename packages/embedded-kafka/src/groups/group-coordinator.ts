import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors.js';
import type { JoinGroupResponse } from '../protocol/messages/group-membership.js';
import type { GroupDescription } from '../protocol/messages/group-listing.js';
import type { CommittedOffsets } from '../storage/committed-offsets.js';
import { ConsumerGroup, type JoinRequest, type SyncResult } from './consumer-group.js';

/** Every consumer group of the broker and their committed offsets. */
export class GroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();

  constructor(
    readonly offsets: CommittedOffsets,
    private readonly log: (message: string) => void,
    /** `group.min.session.timeout.ms` / `group.max.session.timeout.ms` */
    private readonly sessionTimeouts: { minMs: number; maxMs: number },
  ) {}

  private group(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId, (clientId) => `${clientId}-${randomUUID()}`, this.log);
      this.groups.set(groupId, group);
    }
    return group;
  }

  join(
    groupId: string,
    req: JoinRequest,
    requireKnownMemberId: boolean,
  ): Promise<JoinGroupResponse> {
    const fail = (errorCode: number) =>
      Promise.resolve({
        errorCode,
        generationId: -1,
        protocolName: '',
        leader: '',
        memberId: req.memberId,
        members: [],
      });
    if (groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (
      req.sessionTimeoutMs < this.sessionTimeouts.minMs ||
      req.sessionTimeoutMs > this.sessionTimeouts.maxMs
    ) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    return this.group(groupId).join(req, requireKnownMemberId);
  }

  sync(
    groupId: string,
    memberId: string,
    generationId: number,
    assignments: { memberId: string; assignment: Buffer }[],
  ): Promise<SyncResult> {
    const group = this.groups.get(groupId);
    if (!group)
      return Promise.resolve({
        errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
        assignment: Buffer.alloc(0),
      });
    return group.sync(memberId, generationId, assignments);
  }

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    return (
      this.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID
    );
  }

  leave(groupId: string, memberId: string): number {
    return this.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  checkCommit(groupId: string, memberId: string, generationId: number): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    if (!group) return generationId < 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    return group.checkCommit(memberId, generationId);
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const state = this.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        state,
        protocolType: '',
        protocol: '',
        members: [],
      };
    }
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocol:
        group.state === 'Stable' || group.state === 'CompletingRebalance'
          ? (group.protocolName ?? '')
          : '',
      members: group.describeMembers(),
    };
  }

  list(): { groupId: string; protocolType: string }[] {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].sort().map((groupId) => ({
      groupId,
      protocolType: this.groups.get(groupId)?.protocolType ?? 'consumer',
    }));
  }

  close(): void {
    for (const group of this.groups.values()) group.close();
  }
}
