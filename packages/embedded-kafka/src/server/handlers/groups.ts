import { ErrorCode } from '../../protocol/errors.js';
import {
  decodeDescribeGroupsRequest,
  encodeDescribeGroupsResponse,
  encodeListGroupsResponse,
} from '../../protocol/messages/group-listing.js';
import {
  decodeFindCoordinatorRequest,
  decodeHeartbeatRequest,
  decodeJoinGroupRequest,
  decodeLeaveGroupRequest,
  decodeSyncGroupRequest,
  encodeErrorOnlyResponse,
  encodeFindCoordinatorResponse,
  encodeJoinGroupResponse,
  encodeLeaveGroupResponse,
  encodeSyncGroupResponse,
} from '../../protocol/messages/group-membership.js';
import {
  decodeOffsetCommitRequest,
  decodeOffsetFetchRequest,
  encodeOffsetCommitResponse,
  encodeOffsetFetchResponse,
} from '../../protocol/messages/group-offsets.js';
import type { Handler } from '../broker-state.js';

/** This node coordinates every group (and would every transaction). */
export const handleFindCoordinator: Handler = ({ header, broker }, r, w) => {
  decodeFindCoordinatorRequest(r, header.apiVersion);
  encodeFindCoordinatorResponse(w, header.apiVersion, {
    errorCode: ErrorCode.NONE,
    nodeId: broker.nodeId,
    host: broker.host,
    port: broker.port,
  });
  return true;
};

export const handleJoinGroup: Handler = async ({ header, broker, clientHost }, r, w) => {
  const req = decodeJoinGroupRequest(r, header.apiVersion);
  const res = await broker.groups.join(
    req.groupId,
    { ...req, clientId: header.clientId ?? '', clientHost },
    header.apiVersion >= 4,
  );
  encodeJoinGroupResponse(w, header.apiVersion, res);
  return true;
};

export const handleSyncGroup: Handler = async ({ header, broker }, r, w) => {
  const req = decodeSyncGroupRequest(r, header.apiVersion);
  const res = await broker.groups.sync(
    req.groupId,
    req.memberId,
    req.generationId,
    req.assignments,
  );
  encodeSyncGroupResponse(w, header.apiVersion, res);
  return true;
};

export const handleHeartbeat: Handler = ({ header, broker }, r, w) => {
  const req = decodeHeartbeatRequest(r, header.apiVersion);
  encodeErrorOnlyResponse(
    w,
    header.apiVersion,
    broker.groups.heartbeat(req.groupId, req.memberId, req.generationId),
  );
  return true;
};

export const handleLeaveGroup: Handler = ({ header, broker }, r, w) => {
  const req = decodeLeaveGroupRequest(r, header.apiVersion);
  const members = req.members.map((m) => ({
    ...m,
    errorCode: broker.groups.leave(req.groupId, m.memberId),
  }));
  // Before v3 a single member left, and its error was the response's.
  const errorCode = header.apiVersion < 3 ? members[0]!.errorCode : ErrorCode.NONE;
  encodeLeaveGroupResponse(w, header.apiVersion, { errorCode, members });
  return true;
};

export const handleOffsetCommit: Handler = ({ header, broker }, r, w) => {
  const req = decodeOffsetCommitRequest(r, header.apiVersion);
  const errorCode = broker.groups.checkCommit(req.groupId, req.memberId, req.generationId);
  const commits: { topic: string; partition: number; offset: number; metadata: string | null }[] =
    [];
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      let partitionError = errorCode;
      if (partitionError === ErrorCode.NONE && !broker.topics.partition(t.name, p.index)) {
        partitionError = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      }
      if (partitionError === ErrorCode.NONE) {
        commits.push({ topic: t.name, partition: p.index, offset: p.offset, metadata: p.metadata });
      }
      return { index: p.index, errorCode: partitionError };
    }),
  }));
  broker.groups.offsets.commit(req.groupId, commits);
  encodeOffsetCommitResponse(w, header.apiVersion, topics);
  return true;
};

export const handleOffsetFetch: Handler = ({ header, broker }, r, w) => {
  const req = decodeOffsetFetchRequest(r);
  const offsets = broker.groups.offsets;
  const wanted =
    req.topics ??
    [...offsets.ofGroup(req.groupId)].map(([name, partitions]) => ({
      name,
      partitions: [...partitions.keys()],
    }));
  const topics = wanted.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((index) => {
      const committed = offsets.get(req.groupId, t.name, index);
      return {
        index,
        offset: committed?.offset ?? -1,
        metadata: committed?.metadata ?? '',
        errorCode: ErrorCode.NONE,
      };
    }),
  }));
  encodeOffsetFetchResponse(w, header.apiVersion, topics);
  return true;
};

export const handleDescribeGroups: Handler = ({ header, broker }, r, w) => {
  const req = decodeDescribeGroupsRequest(r);
  encodeDescribeGroupsResponse(
    w,
    header.apiVersion,
    req.groupIds.map((id) => broker.groups.describe(id)),
  );
  return true;
};

export const handleListGroups: Handler = ({ header, broker }, _r, w) => {
  encodeListGroupsResponse(w, header.apiVersion, broker.groups.list());
  return true;
};
