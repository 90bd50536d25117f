// One Idempotency-Key mechanism, through a service's API on the embedded database: the key is
// stored with the answer in the business transaction; retries replay it; races never 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeyOf } from '../src/index.js';
import {
  startInfrastructure,
  startVouchers,
  type VoucherServer,
} from './fixtures/running-vouchers.js';

let infrastructure: Awaited<ReturnType<typeof startInfrastructure>>;
let vouchers: VoucherServer;
let admin: string;

beforeAll(async () => {
  infrastructure = await startInfrastructure();
  // issuing holds its transaction open a little, so concurrent twins really overlap
  vouchers = await startVouchers(infrastructure.config, { issueDelayMs: 30 });
  admin = await vouchers.token(['voucher-admin']);
});

afterAll(async () => {
  await vouchers?.stop();
  await infrastructure?.stop();
});

const issue = (body: Record<string, unknown>, key: string, token = admin) =>
  vouchers.call('POST', '/vouchers', { token, body, headers: { 'idempotency-key': key } });
const issuedTo = (holder: string) =>
  vouchers.service.exposed.models.vouchers.countDocuments({ holder });

describe('idempotently', () => {
  it('answers a retry after success with the first answer and does the work once', async () => {
    const body = { holder: 'retry-holder', service: 'testing', amountYuan: 100 };
    const first = await issue(body, 'retry-key-0001');
    const again = await issue(
      { amountYuan: 100, service: 'testing', holder: 'retry-holder' },
      'retry-key-0001',
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await issuedTo('retry-holder')).toBe(1);
  });

  it('keeps keys apart per scope: the same key from another user is another request', async () => {
    const body = { holder: 'scoped-holder', service: 'testing', amountYuan: 1 };
    const mine = await issue(body, 'shared-key-0001');
    const theirs = await issue(
      body,
      'shared-key-0001',
      await vouchers.token(['voucher-admin'], 'staff-2'),
    );
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await issuedTo('scoped-holder')).toBe(2);
  });

  it('refuses the key reused with another body with 422 problem+json naming the header', async () => {
    await issue({ holder: 'reuse-holder', service: 'testing', amountYuan: 100 }, 'reuse-key-0001');
    const reused = await issue(
      { holder: 'reuse-holder', service: 'testing', amountYuan: 999 },
      'reuse-key-0001',
    );
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reused.body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/idempotency-key-reused',
      errors: [{ path: 'Idempotency-Key' }],
    });
    expect(await issuedTo('reuse-holder')).toBe(1);
  });

  it('10 concurrent identical requests: one effect, one answer, no 5xx', async () => {
    const body = { holder: 'concurrent-holder', service: 'patents', amountYuan: 2000 };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => issue(body, 'concurrent-key-0001')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await issuedTo('concurrent-holder')).toBe(1);
  });

  it('10 concurrent requests with different bodies under one key: one effect, the others 422, no 5xx', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        issue(
          { holder: 'contested-holder', service: 'testing', amountYuan: 100 + i },
          'contested-key-0001',
        ),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((status) => status < 500),
      statuses.join(),
    ).toBe(true);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 422)).toHaveLength(9);
    expect(await issuedTo('contested-holder')).toBe(1);
  });

  it('refuses a key that is not printable ASCII with 400 naming the header', async () => {
    const body = { holder: 'ascii-holder', service: 'testing', amountYuan: 1 };
    // fetch refuses to send non-ASCII header text; send the UTF-8 bytes as a raw client would
    const nonAscii = Buffer.from('幂等键-00000001', 'utf8').toString('latin1');
    for (const key of [nonAscii, 'tab\tinside-key', 'x'.repeat(256)]) {
      const answer = await issue(body, key);
      expect(answer.status, key).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(answer.body.errors)).toMatch(/Idempotency-Key/i);
    }
    expect(await issuedTo('ascii-holder')).toBe(0);
  });

  it("reads the draft's structured-field string form: a quoted key is the same key bare", async () => {
    expect(idempotencyKeyOf('"a\\"b\\\\c-0001"')).toBe('a"b\\c-0001');
    expect(idempotencyKeyOf('  plain-key-0001 ')).toBe('plain-key-0001');
    expect(() => idempotencyKeyOf('"unterminated')).toThrow(/quoted/);
    expect(() => idempotencyKeyOf('"a"b"')).toThrow(/quoted/);
    expect(() => idempotencyKeyOf('"bad\\escape"')).toThrow(/escape/);
    expect(() => idempotencyKeyOf('')).toThrow(/required/);
    const body = { holder: 'quoted-holder', service: 'testing', amountYuan: 1 };
    const bare = await issue(body, 'quoted-key-0001');
    const quoted = await issue(body, '"quoted-key-0001"');
    expect(quoted.body.id).toBe(bare.body.id);
    expect(await issuedTo('quoted-holder')).toBe(1);
  });
});
