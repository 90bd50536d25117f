import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { WechatAccessToken } from '../../src/channels/wechat-subscribe/wechat-access-token.js';
import { WechatSubscribeChannel } from '../../src/channels/wechat-subscribe/wechat-subscribe-channel.js';
import { applicationStatusNotice } from '../../src/domain/templates.js';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.js';

let wechat: FakeWechat;
let clock = 0;
let channel: WechatSubscribeChannel;

const message = {
  deliveryId: 'dlv_1',
  userId: 'founder-1',
  address: 'openid-founder-1',
  templateId: 'tpl-status',
  notice: applicationStatusNotice({
    applicationId: 'app-1',
    carrierName: '启迪之星（德州）',
    toStatus: 'accepted',
  }),
};

beforeAll(async () => {
  wechat = await startFakeWechat();
});
afterAll(async () => wechat?.stop());
beforeEach(() => {
  clock = 1_000_000;
  wechat.script.length = 0;
  wechat.sends.length = 0;
  wechat.tokenRequests.length = 0;
  wechat.revoked.clear();
  wechat.issue('token-1');
  const options = { baseUrl: wechat.baseUrl, timeoutMs: 5000 };
  channel = new WechatSubscribeChannel(
    new WechatAccessToken({
      appId: 'app-id',
      appSecret: 'app-secret',
      ...options,
      now: () => clock,
    }),
    options,
  );
});

it('sends the template with the user’s openid, the page to open and the fields', async () => {
  expect(await channel.send(message)).toEqual({ ok: true });
  expect(wechat.sends[0]!.body).toMatchObject({
    touser: 'openid-founder-1',
    template_id: 'tpl-status',
    page: 'pages/application/index?id=app-1',
    data: { carrier: { value: '启迪之星（德州）' }, status: { value: '已通过' } },
  });
  expect(wechat.tokenRequests[0]!.get('appid')).toBe('app-id');
});

it('caches the access token and fetches a new one shortly before it expires', async () => {
  await channel.send(message);
  await channel.send(message);
  expect(wechat.tokenRequests).toHaveLength(1);
  clock += 7200_000 - 299_000; // within five minutes of the expiry
  wechat.issue('token-2');
  await channel.send(message);
  expect(wechat.tokenRequests).toHaveLength(2);
  expect(wechat.sends.at(-1)!.accessToken).toBe('token-2');
});

it.each([40001, 42001])('refreshes the token once and sends again on %i', async (code) => {
  await channel.send(message);
  wechat.script.push(code);
  wechat.issue('token-2');
  expect(await channel.send(message)).toEqual({ ok: true });
  expect(wechat.tokenRequests).toHaveLength(2);
  expect(wechat.sends.map((s) => s.accessToken)).toEqual(['token-1', 'token-1', 'token-2']);
});

it('43101: the authorisation is used up, a permanent failure', async () => {
  wechat.script.push(43101);
  expect(await channel.send(message)).toEqual({
    ok: false,
    permanent: true,
    code: '43101',
    message: '用户拒绝接受消息（订阅授权已用完）',
  });
  expect(wechat.sends).toHaveLength(1);
});

it('system busy and rate limits are worth retrying; other codes are not', async () => {
  wechat.script.push(-1, 45009, 40003);
  expect(await channel.send(message)).toMatchObject({ ok: false, permanent: false, code: '-1' });
  expect(await channel.send(message)).toMatchObject({ ok: false, permanent: false, code: '45009' });
  expect(await channel.send(message)).toMatchObject({ ok: false, permanent: true, code: '40003' });
});

it('a refused token (bad secret) and an unreachable API are transient, never a throw', async () => {
  const bad = new WechatSubscribeChannel(
    new WechatAccessToken({
      appId: 'app-id',
      appSecret: 'wrong',
      baseUrl: wechat.baseUrl,
      timeoutMs: 5000,
    }),
    { baseUrl: wechat.baseUrl, timeoutMs: 5000 },
  );
  expect(await bad.send(message)).toMatchObject({
    ok: false,
    permanent: false,
    code: 'token-40125',
  });
  const down = new WechatSubscribeChannel(
    new WechatAccessToken({
      appId: 'a',
      appSecret: 'app-secret',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    }),
    { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 },
  );
  expect(await down.send(message)).toMatchObject({ ok: false, permanent: false, code: 'network' });
});
