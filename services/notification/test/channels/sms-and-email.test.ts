import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SmtpEmailChannel } from '../../src/channels/email/smtp-email-channel.js';
import { SmsProviderChannel } from '../../src/channels/sms/sms-provider-channel.js';
import { applicationStatusNotice } from '../../src/domain/templates.js';

const notice = applicationStatusNotice({
  applicationId: 'app-1',
  carrierName: '启迪之星（德州）',
  toStatus: 'accepted',
});

// A local fake of the SMS provider: answers by the mobile number.
const smsRequests: { authorization?: string; body: any }[] = [];
let sms: Server;
let smsUrl: string;

// A minimal SMTP server: enough of RFC 5321 for nodemailer; refuses one mailbox with 550.
const mails: { from: string; to: string[]; data: string }[] = [];
let smtp: TcpServer;
let smtpPort: number;

beforeAll(async () => {
  sms = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString());
    smsRequests.push({ authorization: req.headers.authorization, body });
    res.statusCode =
      body.mobile === '13900000000' ? 400 : body.mobile === '13911111111' ? 503 : 200;
    res.end(JSON.stringify({ code: res.statusCode === 200 ? 'OK' : 'REFUSED' }));
  });
  await new Promise<void>((resolve) => sms.listen(0, '127.0.0.1', resolve));
  smsUrl = `http://127.0.0.1:${(sms.address() as AddressInfo).port}`;

  smtp = createTcpServer((socket) => {
    let mail = { from: '', to: [] as string[], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 fake.smtp ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end === -1) return;
        mail.data = buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        mails.push(mail);
        mail = { from: '', to: [], data: '' };
        socket.write('250 OK queued\r\n');
      }
      let newline: number;
      while (!inData && (newline = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-fake.smtp\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          mail.from = line;
          socket.write('250 OK\r\n');
        } else if (verb === 'RCPT') {
          if (line.includes('nobody@')) socket.write('550 5.1.1 mailbox unavailable\r\n');
          else {
            mail.to.push(line);
            socket.write('250 OK\r\n');
          }
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else if (verb === 'RSET') socket.write('250 OK\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.address() as AddressInfo).port;
});
afterAll(async () => {
  sms?.closeAllConnections();
  await new Promise((resolve) => sms?.close(resolve));
  await new Promise((resolve) => smtp?.close(resolve));
});

const message = (address: string) => ({ deliveryId: 'dlv_1', userId: 'u-1', address, notice });

it('SMS: sends the template code and fields with the API key', async () => {
  const channel = new SmsProviderChannel({
    baseUrl: smsUrl,
    apiKey: 'key-1',
    signName: '双创平台',
    timeoutMs: 3000,
  });
  expect(await channel.send(message('13912345678'))).toEqual({ ok: true });
  expect(smsRequests.at(-1)).toEqual({
    authorization: 'Bearer key-1',
    body: {
      mobile: '13912345678',
      signName: '双创平台',
      templateCode: 'application.status-changed',
      params: { carrier: '启迪之星（德州）', status: '已通过' },
    },
  });
});

it('SMS: a refusal is permanent, a provider outage or no answer is transient', async () => {
  const channel = new SmsProviderChannel({
    baseUrl: smsUrl,
    apiKey: 'key-1',
    signName: '双创平台',
    timeoutMs: 3000,
  });
  expect(await channel.send(message('13900000000'))).toMatchObject({
    ok: false,
    permanent: true,
    code: 'http-400',
  });
  expect(await channel.send(message('13911111111'))).toMatchObject({
    ok: false,
    permanent: false,
    code: 'http-503',
  });
  const down = new SmsProviderChannel({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'k',
    signName: 's',
    timeoutMs: 2000,
  });
  expect(await down.send(message('13912345678'))).toMatchObject({
    ok: false,
    permanent: false,
    code: 'network',
  });
});

it('email: sends through SMTP with a Chinese subject and body', async () => {
  const channel = new SmtpEmailChannel({
    url: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    from: '双创平台 <noreply@shuangchuang.dev>',
    timeoutMs: 5000,
  });
  expect(await channel.send(message('founder@example.com'))).toEqual({ ok: true });
  const mail = mails.at(-1)!;
  expect(mail.to[0]).toContain('founder@example.com');
  expect(mail.data).toMatch(/Subject: =\?UTF-8\?/);
  expect(mail.data).toContain('Content-Transfer-Encoding');
  channel.close();
});

it('email: a 5xx mailbox refusal is permanent; an unreachable server transient', async () => {
  const channel = new SmtpEmailChannel({
    url: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    from: 'noreply@shuangchuang.dev',
    timeoutMs: 5000,
  });
  expect(await channel.send(message('nobody@example.com'))).toMatchObject({
    ok: false,
    permanent: true,
    code: 'smtp-550',
  });
  channel.close();
  const down = new SmtpEmailChannel({ url: 'smtp://127.0.0.1:9', from: 'a@b.cn', timeoutMs: 2000 });
  expect(await down.send(message('founder@example.com'))).toMatchObject({
    ok: false,
    permanent: false,
  });
  down.close();
});
