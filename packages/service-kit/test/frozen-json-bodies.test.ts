import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  createHttpApp,
  createJwtAuth,
  tokenVerification,
  createLogger,
  deepFreeze,
} from '../src/index.js';
import { DEMO_SPEC_PATH } from './fixtures/demo-service.js';
import { serveForTest } from './fixtures/serve-for-test.js';

const logger = createLogger({ service: 'test', level: 'silent' });
const auth = createJwtAuth(tokenVerification({ NODE_ENV: 'test' }));

/** One cached answer, frozen, sent by two operations: one whose schema takes any object, one not. */
async function startWithCachedAnswer(answer: object) {
  let serializations = 0;
  const app = createHttpApp({
    service: 'demo',
    apiSpec: DEMO_SPEC_PATH,
    logger,
    auth,
    mountRoutes(router) {
      router.get('/faults/unexpected', (_req, res) => void res.json(answer));
      router.get('/faults/invalid-response', (_req, res) => void res.json(answer));
    },
  });
  // express calls the replacer while serializing; counting its calls on the root shows whether
  // a response was serialized again
  app.set('json replacer', (key: string, value: unknown) => {
    if (key === '') serializations++;
    return value;
  });
  const running = await serveForTest(app);
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/demo${path}`, { headers });
  return { url: running.url, get, serializations: () => serializations };
}

describe('a deep-frozen JSON body', () => {
  it('is validated and serialized once per operation, then sent from that serialization', async () => {
    const answer = deepFreeze({ items: [{ name: '青岛创业园' }], total: 1 });
    const { url, get, serializations } = await startWithCachedAnswer(answer);

    const first = await get('/faults/unexpected');
    const firstText = await first.text();
    expect(first.status).toBe(200);
    expect(serializations()).toBe(1);

    const second = await get('/faults/unexpected');
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstText);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(serializations()).toBe(1);

    // (node:http here: fetch adds `Cache-Control: no-cache` to conditional requests)
    const revalidated = await new Promise<number | undefined>((resolve, reject) =>
      request(
        `${url}/api/demo/faults/unexpected`,
        { headers: { accept: '*/*', 'if-none-match': first.headers.get('etag')! } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      )
        .on('error', reject)
        .end(),
    );
    expect(revalidated).toBe(304);
  });

  it('is still refused by an operation whose schema it does not satisfy, every time', async () => {
    const answer = deepFreeze({ items: [] });
    const { get } = await startWithCachedAnswer(answer);

    expect((await get('/faults/unexpected')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const refused = await get('/faults/invalid-response');
      expect(refused.status).toBe(500);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await get('/faults/unexpected')).status).toBe(200);
  });

  it('keeps a bounded number of serializations per body, however many Accept headers clients send', async () => {
    const answer = deepFreeze({ items: [] });
    const { get, serializations } = await startWithCachedAnswer(answer);
    const accepts = [
      'application/json',
      '*/*',
      'application/*',
      'application/json, */*',
      'a/b, */*',
    ];
    for (const accept of accepts) await get('/faults/unexpected', { accept });
    expect(serializations()).toBe(5);
    // the first four are kept; the fifth is serialized again each time
    for (const accept of accepts.slice(0, 4)) await get('/faults/unexpected', { accept });
    expect(serializations()).toBe(5);
    await get('/faults/unexpected', { accept: accepts[4]! });
    expect(serializations()).toBe(6);
  });

  it('cannot be changed after it was serialized, so the serialization stays true', () => {
    const answer = deepFreeze({ items: [{ name: 'a' }] });
    expect(() => {
      (answer.items[0] as { name: string }).name = 'b';
    }).toThrow(TypeError);
  });

  it('leaves bodies that are not deep-frozen to the usual path', async () => {
    const answer = Object.freeze({ items: [] });
    const { get, serializations } = await startWithCachedAnswer(answer);
    await get('/faults/unexpected');
    await get('/faults/unexpected');
    expect(serializations()).toBe(2);
  });
});
