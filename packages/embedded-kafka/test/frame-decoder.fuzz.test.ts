import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { supportedVersions } from '../src/protocol/api-keys.js';
import { FrameDecoder, FrameTooLargeError } from '../src/protocol/frame-decoder.js';
import { start, type RunningBroker } from '../src/index.js';
import { RawClient } from './support/raw-client.js';

const MAX = 4096;

function encodeFrames(frames: Uint8Array[]): Buffer {
  return Buffer.concat(
    frames.map((f) => {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(f.length);
      return Buffer.concat([prefix, f]);
    }),
  );
}

/** Cuts `bytes` at the given (sorted, deduplicated) positions. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, at));
    from = at;
  }
  return chunks;
}

describe('frame decoder (fast-check)', () => {
  test('reassembles frames however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          const decoder = new FrameDecoder(MAX);
          const out = split(encodeFrames(frames), cuts).flatMap((chunk) => decoder.push(chunk));
          expect(out.map((f) => Buffer.from(f))).toEqual(frames.map((f) => Buffer.from(f)));
          expect(decoder.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('arbitrary bytes yield bounded frames or a FrameTooLargeError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (bytes, cuts) => {
          const decoder = new FrameDecoder(MAX);
          try {
            for (const chunk of split(Buffer.from(bytes), cuts)) {
              for (const frame of decoder.push(chunk))
                expect(frame.length).toBeLessThanOrEqual(MAX);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(FrameTooLargeError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('request decoding against a live broker (fast-check)', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await start({ port: 0, maxFrameBytes: MAX, logLevel: 'silent' });
  });

  afterAll(async () => {
    await broker?.stop();
  });

  const apis = [...supportedVersions].map(([key, range]) => ({ key, ...range }));
  const request = fc
    .record({
      api: fc.constantFrom(...apis),
      version: fc.nat({ max: 20 }),
      body: fc.uint8Array({ maxLength: 200 }),
    })
    .map(({ api, version, body }) => ({ key: api.key, version: Math.min(version, api.max), body }));

  test('random bodies for every served API get an answer or a closed connection, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ key, version, body }) => {
        const client = await RawClient.connect(broker.port);
        const answer = client
          .request(key, version, (w) => void w.raw(Buffer.from(body)))
          .catch(() => null);
        // A request that parks (a long-polling fetch, a join) is cut short: the point is the broker survives.
        await Promise.race([
          answer,
          client.closed,
          new Promise((resolve) => setTimeout(resolve, 100)),
        ]);
        client.close();
      }),
      { numRuns: 300 },
    );
    const client = await RawClient.connect(broker.port);
    const r = await client.request(18, 0, () => {});
    expect(r.int16()).toBe(0);
    client.close();
  }, 60_000);
});
