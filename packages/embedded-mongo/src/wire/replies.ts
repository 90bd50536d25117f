import { serialize, type Document } from 'bson';
import { HEADER_SIZE, OP_MSG, OP_REPLY } from './opcodes.js';

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG reply with a single body section. */
export function encodeOpMsg(responseTo: number, body: Document): Buffer {
  const bson = serialize(body, { ignoreUndefined: true });
  const prefix = Buffer.alloc(5); // flagBits = 0, section kind 0
  const head = header(HEADER_SIZE + prefix.length + bson.length, responseTo, OP_MSG);
  return Buffer.concat([head, prefix, bson]);
}

/** An OP_REPLY carrying one document, the answer to a legacy OP_QUERY handshake. */
export function encodeOpReply(responseTo: number, document: Document): Buffer {
  const bson = serialize(document, { ignoreUndefined: true });
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const head = header(HEADER_SIZE + fields.length + bson.length, responseTo, OP_REPLY);
  return Buffer.concat([head, fields, bson]);
}
