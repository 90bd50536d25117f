import { ErrorCode } from '../protocol/errors.js';
import type { JoinGroupResponse } from '../protocol/messages/group-membership.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface JoinRequest {
  memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
}

export type SyncResult = { errorCode: number; assignment: Buffer };

interface Member {
  id: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: { name: string; metadata: Buffer }[];
  assignment: Buffer;
  awaitingJoin: ((res: JoinGroupResponse) => void) | null;
  awaitingSync: ((res: SyncResult) => void) | null;
  sessionTimer: NodeJS.Timeout | null;
}

const EMPTY = Buffer.alloc(0);
const MAX_REBALANCE_TIMEOUT_MS = 30 * 60 * 1000;

function joinError(errorCode: number, memberId = ''): JoinGroupResponse {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

/**
 * A member that repeats a join or sync (a client retrying on another connection) gets the answer
 * on both requests: leaving the first unanswered would block its connection for good.
 */
function alsoAnswer<T>(
  previous: ((res: T) => void) | null,
  next: (res: T) => void,
): (res: T) => void {
  return previous
    ? (res) => {
        previous(res);
        next(res);
      }
    : next;
}

function sameProtocols(a: Member['protocols'], b: Member['protocols']): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.name === b[i]!.name && p.metadata.equals(b[i]!.metadata))
  );
}

/**
 * One consumer group's membership, following Kafka's group coordinator state machine:
 * Empty → PreparingRebalance (members (re)join) → CompletingRebalance (leader assigns through
 * SyncGroup) → Stable. A join, a leave or a missed session deadline starts a new rebalance;
 * members that do not rejoin within the rebalance timeout are dropped. Each completed join
 * round is a new generation.
 */
export class ConsumerGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  private readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined. */
  private readonly pendingMembers = new Map<string, NodeJS.Timeout>();
  private rebalanceTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    private readonly newMemberId: (clientId: string) => string,
    private readonly log: (message: string) => void,
  ) {}

  get memberCount(): number {
    return this.members.size;
  }

  hasMember(memberId: string): boolean {
    return this.members.has(memberId);
  }

  join(req: JoinRequest, requireKnownMemberId: boolean): Promise<JoinGroupResponse> {
    if (req.protocols.length === 0 || req.protocolType === '') {
      return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    }
    if (this.members.size > 0 && !this.acceptsProtocols(req)) {
      return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    }
    let member: Member | undefined;
    if (req.memberId === '') {
      const memberId = this.newMemberId(req.clientId);
      if (requireKnownMemberId) {
        // JoinGroup v4+: hand out an id first, so a client that dies mid-join leaves no ghost.
        this.pendingMembers.set(
          memberId,
          setTimeout(() => this.expirePending(memberId), req.sessionTimeoutMs),
        );
        return Promise.resolve(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
      }
      member = this.addMember(memberId, req);
    } else if (this.pendingMembers.has(req.memberId)) {
      clearTimeout(this.pendingMembers.get(req.memberId));
      this.pendingMembers.delete(req.memberId);
      member = this.addMember(req.memberId, req);
    } else {
      member = this.members.get(req.memberId);
      if (!member) return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
      const unchanged = sameProtocols(member.protocols, req.protocols);
      Object.assign(member, {
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
      });
      // A follower rejoining without changes just gets the current generation back.
      const settled =
        this.state === 'CompletingRebalance' ||
        (this.state === 'Stable' && member.id !== this.leaderId);
      if (unchanged && settled) {
        this.touch(member);
        return Promise.resolve(this.joinResponseFor(member));
      }
    }
    return new Promise((resolve) => {
      member.awaitingJoin = alsoAnswer(member.awaitingJoin, resolve);
      this.stopSessionTimer(member); // members waiting in a join are kept alive
      if (this.state !== 'PreparingRebalance') this.prepareRebalance(`member ${member.id} joined`);
      this.maybeCompleteJoin();
    });
  }

  private acceptsProtocols(req: JoinRequest): boolean {
    if (req.protocolType !== this.protocolType) return false;
    const offered = new Set(req.protocols.map((p) => p.name));
    return [...this.members.values()]
      .filter((m) => m.id !== req.memberId)
      .every((m) => m.protocols.some((p) => offered.has(p.name)));
  }

  private addMember(memberId: string, req: JoinRequest): Member {
    const member: Member = {
      id: memberId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
      awaitingJoin: null,
      awaitingSync: null,
      sessionTimer: null,
    };
    if (this.members.size === 0) this.protocolType = req.protocolType;
    this.members.set(memberId, member);
    return member;
  }

  private expirePending(memberId: string): void {
    this.pendingMembers.delete(memberId);
    this.maybeCompleteJoin();
  }

  private prepareRebalance(reason: string): void {
    this.log(`group ${this.id}: rebalance (${reason}), generation ${this.generationId}`);
    for (const member of this.members.values()) {
      member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      member.awaitingSync = null;
    }
    this.state = 'PreparingRebalance';
    const longest = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    const timeout = Math.min(MAX_REBALANCE_TIMEOUT_MS, longest);
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timeout);
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.pendingMembers.size > 0) return;
    for (const member of this.members.values()) if (!member.awaitingJoin) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = null;
    for (const member of [...this.members.values()]) {
      if (!member.awaitingJoin) {
        this.log(`group ${this.id}: member ${member.id} did not rejoin in time`);
        this.forget(member);
      }
    }
    this.generationId++;
    if (this.members.size === 0) {
      Object.assign(this, {
        state: 'Empty',
        protocolType: null,
        protocolName: null,
        leaderId: null,
      });
      return;
    }
    this.state = 'CompletingRebalance';
    if (!this.leaderId || !this.members.has(this.leaderId))
      this.leaderId = this.members.keys().next().value!;
    this.protocolName = this.chooseProtocol();
    for (const member of this.members.values()) {
      const respond = member.awaitingJoin!;
      member.awaitingJoin = null;
      member.assignment = EMPTY;
      this.touch(member);
      respond(this.joinResponseFor(member));
    }
  }

  /** The leader's most preferred protocol that every member supports. */
  private chooseProtocol(): string {
    const all = [...this.members.values()];
    const leader = this.members.get(this.leaderId!)!;
    const common = leader.protocols.find((p) =>
      all.every((m) => m.protocols.some((q) => q.name === p.name)),
    );
    return (common ?? leader.protocols[0]!).name;
  }

  private joinResponseFor(member: Member): JoinGroupResponse {
    const isLeader = member.id === this.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: this.generationId,
      protocolName: this.protocolName ?? '',
      leader: this.leaderId ?? '',
      memberId: member.id,
      members: isLeader
        ? [...this.members.values()].map((m) => ({
            memberId: m.id,
            groupInstanceId: null,
            metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  /** Common checks of SyncGroup, Heartbeat and OffsetCommit. */
  private check(memberId: string, generationId: number): { errorCode: number; member?: Member } {
    const member = this.members.get(memberId);
    if (!member) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
    if (generationId !== this.generationId)
      return { errorCode: ErrorCode.ILLEGAL_GENERATION, member };
    return { errorCode: ErrorCode.NONE, member };
  }

  sync(
    memberId: string,
    generationId: number,
    assignments: { memberId: string; assignment: Buffer }[],
  ): Promise<SyncResult> {
    const { errorCode, member } = this.check(memberId, generationId);
    if (errorCode !== ErrorCode.NONE) return Promise.resolve({ errorCode, assignment: EMPTY });
    this.touch(member!);
    if (this.state === 'PreparingRebalance') {
      return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    }
    if (this.state === 'Stable')
      return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member!.assignment });
    return new Promise((resolve) => {
      member!.awaitingSync = alsoAnswer(member!.awaitingSync, resolve);
      if (memberId !== this.leaderId) return;
      const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      this.state = 'Stable';
      this.log(
        `group ${this.id}: generation ${this.generationId} stable with ${this.members.size} members`,
      );
      for (const m of this.members.values()) {
        m.assignment = byMember.get(m.id) ?? EMPTY;
        m.awaitingSync?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
        m.awaitingSync = null;
      }
    });
  }

  heartbeat(memberId: string, generationId: number): number {
    const { errorCode, member } = this.check(memberId, generationId);
    if (errorCode !== ErrorCode.NONE) return errorCode;
    this.touch(member!);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Whether a member may commit offsets now (Kafka refuses only while assignments are in flight). */
  checkCommit(memberId: string, generationId: number): number {
    if (generationId < 0 && memberId === '') {
      return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }
    const { errorCode, member } = this.check(memberId, generationId);
    if (errorCode !== ErrorCode.NONE) return errorCode;
    this.touch(member!);
    return this.state === 'CompletingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(memberId: string): number {
    if (this.pendingMembers.has(memberId)) {
      clearTimeout(this.pendingMembers.get(memberId));
      this.pendingMembers.delete(memberId);
      this.maybeCompleteJoin();
      return ErrorCode.NONE;
    }
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.remove(member, 'left the group');
    return ErrorCode.NONE;
  }

  private remove(member: Member, reason: string): void {
    this.forget(member);
    member.awaitingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
    member.awaitingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') {
      this.prepareRebalance(`member ${member.id} ${reason}`);
    }
    this.maybeCompleteJoin();
  }

  private forget(member: Member): void {
    this.stopSessionTimer(member);
    this.members.delete(member.id);
  }

  /** Restarts the member's session deadline. */
  private touch(member: Member): void {
    this.stopSessionTimer(member);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (this.members.get(member.id) === member) this.remove(member, 'missed its session timeout');
    }, member.sessionTimeoutMs);
  }

  private stopSessionTimer(member: Member): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
  }

  describeMembers(): {
    memberId: string;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.id,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
      assignment: this.state === 'Stable' ? m.assignment : EMPTY,
    }));
  }

  close(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    for (const timer of this.pendingMembers.values()) clearTimeout(timer);
    for (const member of this.members.values()) this.stopSessionTimer(member);
  }
}
