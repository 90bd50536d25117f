import { ApiKey, isSupported } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/errors.js';
import { encodeApiVersionsResponse } from '../protocol/messages/api-versions.js';
import { Reader } from '../protocol/reader.js';
import { decodeRequestHeader } from '../protocol/request-header.js';
import { Writer } from '../protocol/writer.js';
import type { Handler, RequestContext } from './broker-state.js';
import {
  handleAlterConfigs,
  handleDescribeConfigs,
  handleIncrementalAlterConfigs,
} from './handlers/configs.js';
import {
  handleDescribeGroups,
  handleFindCoordinator,
  handleHeartbeat,
  handleJoinGroup,
  handleLeaveGroup,
  handleListGroups,
  handleOffsetCommit,
  handleOffsetFetch,
  handleSyncGroup,
} from './handlers/groups.js';
import {
  handleFetch,
  handleInitProducerId,
  handleListOffsets,
  handleProduce,
} from './handlers/records.js';
import { handleCreateTopics, handleDeleteTopics, handleMetadata } from './handlers/topics.js';

const handlers = new Map<number, Handler>([
  [ApiKey.Produce, handleProduce],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.OffsetCommit, handleOffsetCommit],
  [ApiKey.OffsetFetch, handleOffsetFetch],
  [ApiKey.FindCoordinator, handleFindCoordinator],
  [ApiKey.JoinGroup, handleJoinGroup],
  [ApiKey.Heartbeat, handleHeartbeat],
  [ApiKey.LeaveGroup, handleLeaveGroup],
  [ApiKey.SyncGroup, handleSyncGroup],
  [ApiKey.DescribeGroups, handleDescribeGroups],
  [ApiKey.ListGroups, handleListGroups],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.InitProducerId, handleInitProducerId],
  [ApiKey.DescribeConfigs, handleDescribeConfigs],
  [ApiKey.AlterConfigs, handleAlterConfigs],
  [ApiKey.IncrementalAlterConfigs, handleIncrementalAlterConfigs],
]);

/** The client sent something this broker cannot answer: the connection must be closed. */
export class RequestRejected extends Error {
  override name = 'RequestRejected';
}

/**
 * Handles one request frame. Resolves to the whole response frame (size prefix included), or
 * null when none is due. Throws DecodeError or RequestRejected when the connection must close.
 */
export async function dispatch(
  frame: Buffer,
  context: Omit<RequestContext, 'header'>,
): Promise<Buffer | null> {
  const r = new Reader(frame);
  const header = decodeRequestHeader(r);
  const w = new Writer(256);
  w.int32(0).int32(header.correlationId); // size, patched below; response header v0
  if (header.apiKey === ApiKey.ApiVersions) {
    // Newer (flexible) versions get a v0 body saying so, and clients retry with what we list.
    const supported = isSupported(header.apiKey, header.apiVersion);
    encodeApiVersionsResponse(
      w,
      supported ? header.apiVersion : 0,
      supported ? ErrorCode.NONE : ErrorCode.UNSUPPORTED_VERSION,
    );
  } else {
    const handler = handlers.get(header.apiKey);
    if (!handler || !isSupported(header.apiKey, header.apiVersion)) {
      throw new RequestRejected(
        `unsupported API key ${header.apiKey} version ${header.apiVersion}`,
      );
    }
    if (!(await handler({ ...context, header }, r, w))) return null;
  }
  const response = w.toBuffer();
  response.writeInt32BE(response.length - 4, 0);
  return response;
}
