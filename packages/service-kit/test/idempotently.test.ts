// One Idempotency-Key mechanism, through a service's API on the embedded database: the key is
// stored with the answer in the business transaction; retries replay it; races never 5xx.
import { describe, expect, it } from 'vitest';
import { idempotencyKeyOf } from '../src/index.js';
import { useVouchers } from './fixtures/running-vouchers.js';

// issuing holds its transaction open a little, so concurrent twins really overlap
const running = useVouchers({ issueDelayMs: 30 });

const issuedTo = (holder: string) =>
  running.vouchers.service.exposed.models.vouchers.countDocuments({ holder });

describe('idempotently', () => {
  it('answers a retry after success with the first answer and does the work once', async () => {
    const body = { holder: 'retry-holder', service: 'testing', amountYuan: 100 };
    const first = await running.issue(body, 'retry-key-0001');
    const again = await running.issue(
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
    const mine = await running.issue(body, 'shared-key-0001');
    const theirs = await running.issue(
      body,
      'shared-key-0001',
      await running.vouchers.token(['voucher-admin'], 'staff-2'),
    );
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await issuedTo('scoped-holder')).toBe(2);
  });

  it('refuses the key reused with another body with 422 problem+json naming the header', async () => {
    await running.issue(
      { holder: 'reuse-holder', service: 'testing', amountYuan: 100 },
      'reuse-key-0001',
    );
    const reused = await running.issue(
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
      Array.from({ length: 10 }, () => running.issue(body, 'concurrent-key-0001')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await issuedTo('concurrent-holder')).toBe(1);
  });

  it('10 concurrent requests with different bodies under one key: one effect, the others 422, no 5xx', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        running.issue(
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
      const answer = await running.issue(body, key);
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
    const bare = await running.issue(body, 'quoted-key-0001');
    const quoted = await running.issue(body, '"quoted-key-0001"');
    expect(quoted.body.id).toBe(bare.body.id);
    expect(await issuedTo('quoted-holder')).toBe(1);
  });
});
