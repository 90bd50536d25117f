import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';
import { OP_MSG } from '../src/wire/opcodes.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = await new MongoClient(server.uri).connect();
  await client
    .db('safe')
    .collection('kept')
    .insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

function message(opCode: number, body: Buffer, requestId = 42): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

function opMsg(command: object, requestId = 42): Buffer {
  return message(
    OP_MSG,
    Buffer.concat([Buffer.alloc(5), Buffer.from(serialize(command))]),
    requestId,
  );
}

async function rawSocket(): Promise<Socket> {
  const socket = connect(server.port, server.host);
  await once(socket, 'connect');
  return socket;
}

/** Reads one reply and returns its responseTo and body document. */
async function readReply(
  socket: Socket,
): Promise<{ responseTo: number; body: Record<string, unknown> }> {
  let data = Buffer.alloc(0);
  for (;;) {
    if (data.length >= 4 && data.length >= data.readInt32LE(0)) break;
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    data = Buffer.concat([data, chunk]);
  }
  return {
    responseTo: data.readInt32LE(8),
    body: deserialize(data.subarray(21, data.readInt32LE(0))),
  };
}

async function serverStillWorks(): Promise<void> {
  expect(await client.db('safe').collection('kept').countDocuments()).toBe(3);
}

describe('bad input', () => {
  it('answers malformed BSON with an error and keeps the connection', async () => {
    const socket = await rawSocket();
    const bson = Buffer.from(serialize({ ping: 1, $db: 'admin' }));
    bson[4] = 0x7f; // an element type that does not exist
    socket.write(message(OP_MSG, Buffer.concat([Buffer.alloc(5), bson]), 7));
    const reply = await readReply(socket);
    expect(reply.responseTo).toBe(7);
    expect(reply.body).toMatchObject({ ok: 0, code: 22 });
    socket.write(opMsg({ ping: 1, $db: 'admin' }, 8));
    expect((await readReply(socket)).body).toMatchObject({ ok: 1 });
    socket.destroy();
    await serverStillWorks();
  });

  it('answers unknown opcodes and OP_COMPRESSED with errors', async () => {
    const socket = await rawSocket();
    socket.write(message(4242, Buffer.from('hello')));
    expect((await readReply(socket)).body).toMatchObject({ ok: 0 });
    socket.write(message(2012, Buffer.alloc(9)));
    expect((await readReply(socket)).body).toMatchObject({
      ok: 0,
      errmsg: 'compression is not supported',
    });
    socket.destroy();
  });

  it('closes only the connection that announces a message over 48 MB', async () => {
    const socket = await rawSocket();
    const header = Buffer.alloc(16);
    header.writeInt32LE(49 * 1024 * 1024, 0);
    header.writeInt32LE(OP_MSG, 12);
    socket.write(header);
    await once(socket, 'close');
    await serverStillWorks();
  });

  it('survives a client vanishing mid-message', async () => {
    const socket = await rawSocket();
    const full = opMsg({ insert: 'kept', documents: [{ n: 99 }], $db: 'safe' });
    socket.write(full.subarray(0, full.length - 10));
    socket.destroy();
    await once(socket, 'close');
    await serverStillWorks();
  });

  it('answers unknown commands with 59 and never hangs', async () => {
    const socket = await rawSocket();
    socket.write(opMsg({ notACommand: 1, $db: 'admin' }));
    expect((await readReply(socket)).body).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
    });
    socket.destroy();
  });
});
