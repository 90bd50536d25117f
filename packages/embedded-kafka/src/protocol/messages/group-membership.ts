import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** FindCoordinator, JoinGroup, SyncGroup, Heartbeat and LeaveGroup codecs. */

export function decodeFindCoordinatorRequest(
  r: Reader,
  version: number,
): { key: string; keyType: number } {
  return { key: r.string(), keyType: version >= 1 ? r.int8() : 0 };
}

export function encodeFindCoordinatorResponse(
  w: Writer,
  version: number,
  res: { errorCode: number; nodeId: number; host: string; port: number },
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.int16(res.errorCode);
  if (version >= 1) w.nullableString(null);
  w.int32(res.nodeId).string(res.host).int32(res.port);
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
}

export function decodeJoinGroupRequest(r: Reader, version: number): JoinGroupRequest {
  const groupId = r.string();
  const sessionTimeoutMs = r.int32();
  // Before v1 the session timeout also bounded the rebalance.
  const rebalanceTimeoutMs = version >= 1 ? r.int32() : sessionTimeoutMs;
  const memberId = r.string();
  const groupInstanceId = version >= 5 ? r.nullableString() : null;
  const protocolType = r.string();
  const protocols = r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
  return {
    groupId,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    memberId,
    groupInstanceId,
    protocolType,
    protocols,
  };
}

export interface JoinGroupResponse {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export function encodeJoinGroupResponse(w: Writer, version: number, res: JoinGroupResponse): void {
  if (version >= 2) w.int32(0); // throttle time
  w.int16(res.errorCode).int32(res.generationId).string(res.protocolName).string(res.leader);
  w.string(res.memberId);
  w.array(res.members, (w, m) => {
    w.string(m.memberId);
    if (version >= 5) w.nullableString(m.groupInstanceId);
    w.bytes(m.metadata);
  });
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

export function decodeSyncGroupRequest(r: Reader, version: number): SyncGroupRequest {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  if (version >= 3) r.nullableString(); // group instance id
  const assignments = r.array((r) => ({
    memberId: r.string(),
    assignment: Buffer.from(r.bytes()),
  }));
  return { groupId, generationId, memberId, assignments };
}

export function encodeSyncGroupResponse(
  w: Writer,
  version: number,
  res: { errorCode: number; assignment: Buffer },
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.int16(res.errorCode).bytes(res.assignment);
}

export function decodeHeartbeatRequest(
  r: Reader,
  version: number,
): { groupId: string; generationId: number; memberId: string } {
  const req = { groupId: r.string(), generationId: r.int32(), memberId: r.string() };
  if (version >= 3) r.nullableString(); // group instance id
  return req;
}

/** Heartbeat and other responses that carry nothing but an error code. */
export function encodeErrorOnlyResponse(w: Writer, version: number, errorCode: number): void {
  if (version >= 1) w.int32(0); // throttle time
  w.int16(errorCode);
}

export function decodeLeaveGroupRequest(
  r: Reader,
  version: number,
): { groupId: string; members: { memberId: string; groupInstanceId: string | null }[] } {
  const groupId = r.string();
  if (version < 3) return { groupId, members: [{ memberId: r.string(), groupInstanceId: null }] };
  const members = r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }));
  return { groupId, members };
}

export function encodeLeaveGroupResponse(
  w: Writer,
  version: number,
  res: {
    errorCode: number;
    members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
  },
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.int16(res.errorCode);
  if (version >= 3) {
    w.array(res.members, (w, m) => {
      w.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
    });
  }
}
