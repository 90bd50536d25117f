import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** DescribeGroups and ListGroups codecs. */

export function decodeDescribeGroupsRequest(r: Reader): { groupIds: string[] } {
  return { groupIds: r.array((r) => r.string()) };
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[];
}

export function encodeDescribeGroupsResponse(
  w: Writer,
  version: number,
  groups: GroupDescription[],
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.array(groups, (w, g) => {
    w.int16(g.errorCode)
      .string(g.groupId)
      .string(g.state)
      .string(g.protocolType)
      .string(g.protocol);
    w.array(g.members, (w, m) => {
      w.string(m.memberId).string(m.clientId).string(m.clientHost);
      w.bytes(m.metadata).bytes(m.assignment);
    });
  });
}

export function encodeListGroupsResponse(
  w: Writer,
  version: number,
  groups: { groupId: string; protocolType: string }[],
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.int16(0);
  w.array(groups, (w, g) => {
    w.string(g.groupId).string(g.protocolType);
  });
}
