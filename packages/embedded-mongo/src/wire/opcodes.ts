/** Wire protocol opcodes (MongoDB wire protocol specification). */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const HEADER_SIZE = 16;
/** The largest message we accept; the same limit mongod advertises as maxMessageSizeBytes. */
export const MAX_MESSAGE_SIZE = 48_000_000;
/** The largest document we accept (maxBsonObjectSize). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

export const MSG_FLAG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_FLAG_MORE_TO_COME = 1 << 1;
