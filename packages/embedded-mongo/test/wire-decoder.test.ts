import { serialize } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FramingError, MessageFramer } from '../src/wire/framer.js';
import { decodeMessage, MalformedMessageError } from '../src/wire/messages.js';
import { OP_MSG, OP_QUERY } from '../src/wire/opcodes.js';
import { encodeOpMsg } from '../src/wire/replies.js';

function withHeader(body: Buffer, opCode: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

/** OP_MSG with a body section and one document sequence, as drivers send inserts. */
function opMsgWithSequence(body: object, identifier: string, docs: object[]): Buffer {
  const bodyBson = Buffer.from(serialize(body));
  const docsBson = Buffer.concat(docs.map((doc) => Buffer.from(serialize(doc))));
  const name = Buffer.from(`${identifier}\0`);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + name.length + docsBson.length);
  return withHeader(
    Buffer.concat([
      Buffer.alloc(4),
      Buffer.from([0]),
      bodyBson,
      Buffer.from([1]),
      size,
      name,
      docsBson,
    ]),
    OP_MSG,
  );
}

const jsonDoc = fc.dictionary(
  fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((k) => !k.startsWith('$') && !k.includes('\0') && !k.includes('.')),
  fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
  { maxKeys: 6 },
);

describe('message decoder', () => {
  it('decodes body and document sequences', () => {
    const message = opMsgWithSequence({ insert: 'c', $db: 'd' }, 'documents', [
      { a: 1 },
      { b: 'x' },
    ]);
    const decoded = decodeMessage(message);
    expect(decoded).toMatchObject({
      kind: 'msg',
      command: { insert: 'c', $db: 'd', documents: [{ a: 1 }, { b: 'x' }] },
    });
  });

  it('decodes the legacy OP_QUERY handshake, unwrapping $query', () => {
    const body = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from('admin.$cmd\0'),
      Buffer.alloc(8),
      Buffer.from(serialize({ $query: { ismaster: 1 }, $readPreference: { mode: 'primary' } })),
    ]);
    expect(decodeMessage(withHeader(body, OP_QUERY))).toMatchObject({
      kind: 'query',
      collection: 'admin.$cmd',
      command: { ismaster: 1 },
    });
  });

  it('round-trips any document through encodeOpMsg and decodeMessage', () => {
    fc.assert(
      fc.property(jsonDoc, (doc) => {
        const decoded = decodeMessage(encodeOpMsg(1, doc));
        expect(decoded.kind).toBe('msg');
        expect(decoded.kind === 'msg' && decoded.command).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('only ever throws MalformedMessageError on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(OP_MSG, OP_QUERY, 2012, 1, 9999),
        (bytes, opCode) => {
          try {
            decodeMessage(withHeader(Buffer.from(bytes), opCode));
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedMessageError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('only ever throws MalformedMessageError on corrupted valid messages', () => {
    const valid = opMsgWithSequence({ insert: 'c', $db: 'd' }, 'documents', [
      { a: 1, s: 'text' },
      { b: [1, 2] },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 17), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const corrupted = Buffer.from(valid);
          for (const [at, value] of edits) corrupted[16 + at] = value;
          try {
            decodeMessage(corrupted);
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedMessageError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('message framer', () => {
  it('yields the same messages however the stream is chunked', () => {
    const messages = [
      encodeOpMsg(1, { a: 1 }),
      encodeOpMsg(2, { b: 'x'.repeat(300) }),
      encodeOpMsg(3, {}),
    ];
    const stream = Buffer.concat(messages);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const framer = new MessageFramer();
        const out: Buffer[] = [];
        let from = 0;
        for (const point of [...points, stream.length]) {
          out.push(...framer.push(stream.subarray(from, point)));
          from = point;
        }
        expect(out.map((m) => m.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses lengths below the header or above 48 MB', () => {
    const tooBig = Buffer.alloc(16);
    tooBig.writeInt32LE(48_000_001, 0);
    expect(() => new MessageFramer().push(tooBig)).toThrow(FramingError);
    const tooSmall = Buffer.alloc(16);
    tooSmall.writeInt32LE(8, 0);
    expect(() => new MessageFramer().push(tooSmall)).toThrow(FramingError);
  });
});
