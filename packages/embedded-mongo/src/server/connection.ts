import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { FramingError, MessageFramer } from '../wire/framer.js';
import { decodeMessage, MalformedMessageError, readHeader } from '../wire/messages.js';
import { encodeOpMsg, encodeOpReply } from '../wire/replies.js';
import { CLOSE_CONNECTION, type Dispatcher } from './dispatcher.js';
import type { Logger } from './logger.js';

/**
 * One client connection: frames messages, runs them strictly in order, and answers each. A
 * message that cannot be framed closes this connection only; a well-framed but malformed one gets
 * an error reply and the connection carries on.
 */
export function serveConnection(
  socket: Socket,
  connectionId: number,
  dispatcher: Dispatcher,
  log: Logger,
): void {
  const framer = new MessageFramer();
  let queue: Promise<void> = Promise.resolve();
  socket.setNoDelay(true);

  socket.on('data', (chunk: Buffer) => {
    let messages: Buffer[];
    try {
      messages = framer.push(chunk);
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      log.warn('closing connection: bad framing', { connectionId, reason: error.message });
      socket.destroy();
      return;
    }
    for (const message of messages) {
      queue = queue
        .then(() => handle(message))
        .catch((error: unknown) => {
          log.error('connection handler failed', { connectionId, error: String(error) });
          socket.destroy();
        });
    }
  });
  socket.on('error', (error) => log.debug('socket error', { connectionId, error: error.message }));
  socket.on('close', () => dispatcher.closed(connectionId));

  const send = (reply: Buffer) => {
    if (!socket.destroyed) socket.write(reply);
  };

  async function handle(message: Buffer): Promise<void> {
    const header = readHeader(message);
    let decoded;
    try {
      decoded = decodeMessage(message);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      log.warn('malformed message', { connectionId, reason: error.message });
      send(
        encodeOpMsg(header.requestId, {
          ok: 0,
          errmsg: error.message,
          code: 22,
          codeName: 'InvalidBSON',
        }),
      );
      return;
    }
    switch (decoded.kind) {
      case 'msg': {
        const db = typeof decoded.command.$db === 'string' ? decoded.command.$db : 'admin';
        const reply = await dispatcher.execute(decoded.command, db, connectionId);
        if (reply === CLOSE_CONNECTION) {
          socket.destroy();
          return;
        }
        if (!decoded.moreToCome) send(encodeOpMsg(header.requestId, reply));
        return;
      }
      case 'query': {
        // Legacy OP_QUERY is only used for the first handshake, against <db>.$cmd.
        const [db, collection] = splitNamespace(decoded.collection);
        const answer =
          collection === '$cmd'
            ? await dispatcher.execute(decoded.command, db, connectionId)
            : undefined;
        if (answer === CLOSE_CONNECTION) {
          socket.destroy();
          return;
        }
        const reply: Document = answer ?? {
          ok: 0,
          errmsg: 'OP_QUERY is only supported for commands',
          code: 352,
          codeName: 'UnsupportedOpQueryCommand',
        };
        send(encodeOpReply(header.requestId, reply));
        return;
      }
      case 'compressed':
        send(
          encodeOpMsg(header.requestId, {
            ok: 0,
            errmsg: 'compression is not supported',
            code: 2,
            codeName: 'BadValue',
          }),
        );
        return;
      case 'unsupported':
        log.warn('unsupported opcode', { connectionId, opCode: header.opCode });
        send(
          encodeOpMsg(header.requestId, {
            ok: 0,
            errmsg: `unsupported opcode ${header.opCode}`,
            code: 2,
            codeName: 'BadValue',
          }),
        );
        return;
    }
  }
}

function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}
