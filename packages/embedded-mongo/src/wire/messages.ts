import { deserialize, type Document } from 'bson';
import {
  HEADER_SIZE,
  MSG_FLAG_CHECKSUM_PRESENT,
  MSG_FLAG_MORE_TO_COME,
  OP_COMPRESSED,
  OP_MSG,
  OP_QUERY,
} from './opcodes.js';

/** How documents from clients are decoded: longs stay Long so they round-trip exactly. */
export const DESERIALIZE_OPTIONS = { promoteLongs: false, validation: { utf8: true } } as const;

export class MalformedMessageError extends Error {}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A command from OP_MSG (body plus document sequences folded in) or a legacy OP_QUERY. */
export type DecodedMessage =
  | { kind: 'msg'; header: MessageHeader; moreToCome: boolean; command: Document }
  | { kind: 'query'; header: MessageHeader; collection: string; command: Document }
  | { kind: 'compressed'; header: MessageHeader }
  | { kind: 'unsupported'; header: MessageHeader };

export function readHeader(message: Buffer): MessageHeader {
  if (message.length < HEADER_SIZE) throw new MalformedMessageError('message shorter than header');
  return {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
}

/** Decodes one framed message; throws MalformedMessageError for anything inconsistent. */
export function decodeMessage(message: Buffer): DecodedMessage {
  const header = readHeader(message);
  if (header.length !== message.length) throw new MalformedMessageError('length mismatch');
  switch (header.opCode) {
    case OP_MSG:
      return decodeOpMsg(header, message);
    case OP_QUERY:
      return decodeOpQuery(header, message);
    case OP_COMPRESSED:
      return { kind: 'compressed', header };
    default:
      return { kind: 'unsupported', header };
  }
}

function decodeOpMsg(header: MessageHeader, message: Buffer): DecodedMessage {
  if (message.length < HEADER_SIZE + 5) throw new MalformedMessageError('OP_MSG too short');
  const flags = message.readUInt32LE(HEADER_SIZE);
  // Required flag bits other than the two we know (bits 0-15) must be rejected per the spec.
  if ((flags & 0xfffc) !== 0) throw new MalformedMessageError(`unknown required flags ${flags}`);
  const end = flags & MSG_FLAG_CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      if (body) throw new MalformedMessageError('two body sections');
      const size = bsonSizeAt(message, offset, end);
      body = decodeDocument(message, offset, size);
      offset += size;
    } else if (kind === 1) {
      const size = readSize(message, offset, end);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      if (nameEnd < 0 || nameEnd >= sectionEnd) throw new MalformedMessageError('bad sequence id');
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      let cursor = nameEnd + 1;
      while (cursor < sectionEnd) {
        const docSize = bsonSizeAt(message, cursor, sectionEnd);
        documents.push(decodeDocument(message, cursor, docSize));
        cursor += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new MalformedMessageError(`unknown section kind ${kind}`);
    }
  }
  if (offset !== end) throw new MalformedMessageError('sections overrun the message');
  if (!body) throw new MalformedMessageError('OP_MSG without body');
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return { kind: 'msg', header, moreToCome: (flags & MSG_FLAG_MORE_TO_COME) !== 0, command: body };
}

function decodeOpQuery(header: MessageHeader, message: Buffer): DecodedMessage {
  let offset = HEADER_SIZE + 4; // flags
  const nameEnd = message.indexOf(0, offset);
  if (nameEnd < 0) throw new MalformedMessageError('OP_QUERY without collection name');
  const collection = message.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = bsonSizeAt(message, offset, message.length);
  let command = decodeDocument(message, offset, size);
  // Drivers may wrap the command as {$query: {...}, $readPreference: ...}.
  if (command.$query && typeof command.$query === 'object') command = command.$query as Document;
  return { kind: 'query', header, collection, command };
}

function readSize(message: Buffer, offset: number, end: number): number {
  if (offset + 4 > end) throw new MalformedMessageError('truncated size');
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new MalformedMessageError(`bad size ${size}`);
  return size;
}

function bsonSizeAt(message: Buffer, offset: number, end: number): number {
  const size = readSize(message, offset, end);
  if (message[offset + size - 1] !== 0) throw new MalformedMessageError('document not terminated');
  return size;
}

function decodeDocument(message: Buffer, offset: number, size: number): Document {
  try {
    return deserialize(message.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  } catch (error) {
    throw new MalformedMessageError(`malformed BSON: ${(error as Error).message}`);
  }
}
