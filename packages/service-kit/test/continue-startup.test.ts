import { describe, expect, it } from 'vitest';
import { continueStartup, startHttpServer } from '../src/index.js';

const answering = (_req: unknown, res: { end(body: string): void }) => res.end('ok');

describe('continueStartup', () => {
  it('answers requests while the rest of the start-up is still running', async () => {
    const running = await startHttpServer(answering as never, { port: 0, host: '127.0.0.1' });
    let finish = () => {};
    const rest = continueStartup(
      running,
      () => new Promise<string>((r) => (finish = () => r('joined'))),
    );
    try {
      expect(await (await fetch(running.url)).text()).toBe('ok');
      finish();
      expect(await rest).toBe('joined');
    } finally {
      await new Promise((resolve) => running.server.close(resolve));
    }
  });

  it('closes the server when the rest fails, so a failed start leaves no port open', async () => {
    const running = await startHttpServer(answering as never, { port: 0, host: '127.0.0.1' });
    await expect(
      continueStartup(running, () => Promise.reject(new Error('broker unreachable'))),
    ).rejects.toThrow('broker unreachable');
    expect(running.server.listening).toBe(false);
    await expect(fetch(running.url)).rejects.toThrow();
  });
});
