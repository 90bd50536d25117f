import { expect, it } from 'vitest';
import { eventually, startNotificationHarness } from '../support/notification-harness.js';
import { ScriptedChannel } from '../support/scripted-channel.js';

it('in production mode the dispatcher works off deliveries by itself, and stopping waits for it', async () => {
  const sms = new ScriptedChannel('sms');
  const h = await startNotificationHarness({
    background: true,
    adapters: { sms },
    env: { DISPATCH_INTERVAL_MS: '50' },
  });
  try {
    const founder = await h.founderToken('founder-bg');
    await h.call('PUT', '/preferences', {
      token: founder,
      body: {
        channels: { inbox: true, wechat_subscribe: false, sms: true, email: false },
        contacts: { mobile: '13912345678' },
      },
    });
    await h.publish('cn.shuangchuang.intake.application.submitted.v1', 'app-bg', {
      applicationId: 'app-bg',
      carrierId: 'c-unknown',
      founderUserId: 'founder-bg',
      status: 'submitted',
      submittedAt: '2026-11-23T02:00:00Z',
    });
    await eventually(() => sms.attempts.length === 1);
    expect(sms.attempts[0]!.address).toBe('13912345678');
    // a carrier the read model does not know yet still gets a sensible text
    expect(sms.attempts[0]!.notice.body).toContain('所申请的载体');
    await eventually(() => h.deliveryEvents.some((e) => e.type.endsWith('sent.v1')));
  } finally {
    await h.stop();
  }
});
