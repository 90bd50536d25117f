import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  currentRequestContext,
  maskPersonalData,
  runWithRequestContext,
} from '../src/index.js';
import { call, startDemo, type RunningDemo } from './fixtures/running-demo.js';

const PHONE = '13812345678';
const PHONE_WITH_COUNTRY_CODE = '+86 13912345678';
const EMAIL = 'zhang.san@example.com';
const RESIDENT_ID = '11010119900307123X';

describe('maskPersonalData', () => {
  it('masks China mobile numbers, emails and resident ID numbers', () => {
    expect(maskPersonalData(`call ${PHONE} or ${PHONE_WITH_COUNTRY_CODE}`)).toBe(
      'call 138****5678 or 139****5678',
    );
    expect(maskPersonalData(`手机:${PHONE}，邮箱:${EMAIL}`)).toBe(
      '手机:138****5678，邮箱:z***@example.com',
    );
    expect(maskPersonalData(`身份证 ${RESIDENT_ID}`)).toBe('身份证 1****************X');
    expect(maskPersonalData('/apply?email=li%40univ.edu.cn&x=1')).toBe(
      '/apply?email=l***@univ.edu.cn&x=1',
    );
  });

  it('masks them percent-encoded, full-width, between letters and with separators', () => {
    expect(maskPersonalData('/carriers?q=%2B86%2013812345678&x=1')).toBe(
      '/carriers?q=138****5678&x=1',
    );
    expect(maskPersonalData('/c?q=%31%33%38%31%32%33%34%35%36%37%38')).toBe('/c?q=138****5678');
    expect(maskPersonalData('/c?q=%252B86%252013812345678')).toBe('/c?q=138****5678');
    expect(maskPersonalData('电话：１３８１２３４５６７８。')).toBe('电话：138****5678。');
    expect(
      maskPersonalData(
        'q=%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98',
      ),
    ).toBe('q=138****5678');
    expect(maskPersonalData('tel13812345678x')).toBe('tel138****5678x');
    expect(maskPersonalData('request a13812345678-4f2c')).toBe('request a138****5678-4f2c');
    expect(maskPersonalData('call 138-1234-5678 or 139 1234 5678')).toBe(
      'call 138****5678 or 139****5678',
    );
    expect(maskPersonalData('ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('z***@example.com');
  });

  it('masks unified social credit codes and resident ID numbers', () => {
    expect(maskPersonalData('信用代码 91350100M000100Y43，')).toBe('信用代码 9****************3，');
    expect(maskPersonalData('uscc91350100M000100Y43')).toBe('uscc9****************3');
    expect(maskPersonalData('code=91350100m000100y43&')).toBe('code=9****************3&');
    expect(maskPersonalData('id11010119900307123X.')).toBe('id1****************X.');
    expect(maskPersonalData('%31%31%30%31%30%31%31%39%39%30%30%33%30%37%31%32%33%58')).toBe(
      '1****************X',
    );
  });

  it('leaves timestamps, ids and document numbers alone', () => {
    const harmless = [
      '"time":1763867652000', // 13-digit epoch millis
      '"offset":"138123456789"', // 12 digits are no phone number
      '"requestId":"6d55862c-43bd-4df9-84c8-c72e0f0f49c1"',
      '"requestId":"01JEPW5N4XH5AKNQ0Y8QY2R4BZ"', // a ULID: no 18-character token
      '"carrierId":"65a1b2c3d4e5f60718293a4b"', // ObjectId hex
      '"count":123456789012345679', // 18 digits: no birth date, no credit code check
      'discount 50%, 20%OFF',
      '国科发区〔2020〕73号',
      'port 12345',
      'carrier 2021-0013',
      '"trace_id":"c2b2994aca1a09bc13912345678e4be4","span_id":"a13912345678bcde"', // hex ids
    ];
    for (const text of harmless) expect(maskPersonalData(text)).toBe(text);
  });
});

describe('the logger', () => {
  it('masks personal data in messages and in nested fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', destination: { write: (l) => lines.push(l) } });
    logger.info(
      { founder: { phone: PHONE, contact: [EMAIL] }, idNumber: RESIDENT_ID },
      `founder ${PHONE} applied`,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(PHONE);
    expect(lines[0]).not.toContain(EMAIL);
    expect(lines[0]).not.toContain(RESIDENT_ID);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      service: 'test',
      msg: 'founder 138****5678 applied',
      founder: { phone: '138****5678', contact: ['z***@example.com'] },
      idNumber: '1****************X',
    });
  });

  it('adds the current request id to lines written by code far from HTTP', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', destination: { write: (l) => lines.push(l) } });
    runWithRequestContext({ requestId: 'req-42', traceparent: '00-a-b-01' }, () => {
      logger.info('publishing event');
      logger.child({ requestId: 'req-42' }).info('child already bound');
    });
    logger.info('outside any request');
    const [inside, child, outside] = lines;
    expect(JSON.parse(inside!).requestId).toBe('req-42');
    expect(child!.match(/"requestId"/g)).toHaveLength(1);
    expect(JSON.parse(outside!).requestId).toBeUndefined();
  });
});

describe('request logs of a service', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo.stop());

  it('mask personal data in request bodies, messages and URLs', async () => {
    const answer = await call(demo, 'POST', '/api/demo/contact-requests', {
      json: {
        phone: PHONE_WITH_COUNTRY_CODE,
        email: EMAIL,
        idNumber: RESIDENT_ID,
        message: `请联系 ${PHONE}`,
      },
      headers: { 'x-request-id': 'contact-1' },
    });
    expect(answer.status).toBe(202);
    await call(demo, 'GET', `/api/demo/carriers/${PHONE}`);
    await call(demo, 'GET', `/api/demo/slow?ms=1&email=${encodeURIComponent(EMAIL)}`);

    const everything = demo.logLines.join('');
    for (const secret of ['13912345678', PHONE, EMAIL, 'zhang.san%40example.com', RESIDENT_ID]) {
      expect(everything).not.toContain(secret);
    }

    const handlerLine = demo.logs().find((line) => line.msg === 'contact request from 139****5678');
    expect(handlerLine).toMatchObject({
      requestId: 'contact-1',
      body: {
        email: 'z***@example.com',
        idNumber: '1****************X',
        message: '请联系 138****5678',
      },
    });
    const urlLine = demo
      .logs()
      .find((line) =>
        (line.req as { url?: string } | undefined)?.url?.startsWith('/api/demo/carriers/'),
      );
    expect((urlLine!.req as { url: string }).url).toBe('/api/demo/carriers/138****5678');
  });

  it('write one line per request with its id, status and the problem it was answered with', async () => {
    const answer = await call(demo, 'GET', '/api/demo/carriers/nobody-here', {
      headers: { 'x-request-id': 'lookup-7' },
    });
    expect(answer.status).toBe(404);
    const lines = demo.logs().filter((line) => line.requestId === 'lookup-7');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      service: 'demo',
      msg: 'request completed',
      req: { method: 'GET', url: '/api/demo/carriers/nobody-here' },
      res: { statusCode: 404 },
      problem: { type: 'not-found', detail: 'no carrier nobody-here' },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/authorization|content-security-policy/i);
    const raw = demo.logLines.filter((line) => line.includes('"lookup-7"'));
    for (const line of raw) expect(line.match(/"requestId"/g)).toHaveLength(1);
  });

  it('give handlers the request id and a traceparent continuing the caller’s trace', async () => {
    const token = await demo.token(['founder']);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await call(demo, 'GET', '/api/demo/me', {
      token,
      headers: { 'x-request-id': 'trace-me', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(answer.body.requestId).toBe('trace-me');
    expect(answer.body.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(answer.body.traceparent).not.toContain('00f067aa0ba902b7'); // a span of its own

    const untraced = await call(demo, 'GET', '/api/demo/me', { token });
    expect(untraced.body.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(untraced.body.traceparent).not.toContain(traceId);
    expect(currentRequestContext()).toBeUndefined();
  });
});
