import { expect, it } from 'vitest';
import { isQuiet, releaseTime } from '../../src/domain/quiet-hours.js';
import { nextShanghaiTime, shanghaiDay } from '../../src/domain/shanghai-clock.js';
import { dedupeKey } from '../../src/domain/dedupe-key.js';
import { pushChannelsFor, DEFAULT_PREFERENCES } from '../../src/domain/preferences.js';
import { startsAccepting } from '../../src/domain/recipients.js';

const NIGHT = { start: '22:00', end: '08:00' };
const LUNCH = { start: '12:00', end: '13:30' };
const at = (iso: string) => new Date(iso);

it('quiet hours are read on the Shanghai clock, across midnight or within a day', () => {
  expect(isQuiet(at('2026-11-23T13:59:00Z'), NIGHT)).toBe(false); // 21:59
  expect(isQuiet(at('2026-11-23T14:00:00Z'), NIGHT)).toBe(true); // 22:00
  expect(isQuiet(at('2026-11-23T19:00:00Z'), NIGHT)).toBe(true); // 03:00
  expect(isQuiet(at('2026-11-24T00:00:00Z'), NIGHT)).toBe(false); // 08:00
  expect(isQuiet(at('2026-11-23T04:30:00Z'), LUNCH)).toBe(true); // 12:30
  expect(isQuiet(at('2026-11-23T05:30:00Z'), LUNCH)).toBe(false); // 13:30
  expect(isQuiet(at('2026-11-23T05:30:00Z'), null)).toBe(false);
  expect(isQuiet(at('2026-11-23T05:30:00Z'), { start: '09:00', end: '09:00' })).toBe(false);
});

it('a non-urgent message waits until the quiet hours end; an urgent one does not', () => {
  const lateNight = at('2026-11-23T15:30:00Z'); // 23:30
  expect(releaseTime(lateNight, NIGHT, false)).toEqual(at('2026-11-24T00:00:00Z'));
  expect(releaseTime(lateNight, NIGHT, true)).toEqual(lateNight);
  const earlyMorning = at('2026-11-23T19:00:00Z'); // 03:00 on the 24th
  expect(releaseTime(earlyMorning, NIGHT, false)).toEqual(at('2026-11-24T00:00:00Z'));
  const day = at('2026-11-23T02:00:00Z');
  expect(releaseTime(day, NIGHT, false)).toEqual(day);
});

it('the next Shanghai time and the Shanghai day', () => {
  expect(nextShanghaiTime(at('2026-11-23T02:00:00Z'), '20:00')).toEqual(at('2026-11-23T12:00:00Z'));
  expect(nextShanghaiTime(at('2026-11-23T12:00:01Z'), '20:00')).toEqual(at('2026-11-24T12:00:00Z'));
  expect(shanghaiDay(at('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
});

it('dedupe keys differ per event, recipient and channel', () => {
  const keys = new Set([
    dedupeKey('e1', 'u1', 'inbox'),
    dedupeKey('e1', 'u1', 'sms'),
    dedupeKey('e1', 'u2', 'inbox'),
    dedupeKey('e2', 'u1', 'inbox'),
  ]);
  expect(keys.size).toBe(4);
});

it('SMS and email are used only with a contact', () => {
  expect(pushChannelsFor(DEFAULT_PREFERENCES)).toEqual(['wechat_subscribe']);
  const everything = { inbox: true, wechat_subscribe: false, sms: true, email: true };
  expect(pushChannelsFor({ channels: everything })).toEqual([]);
  expect(pushChannelsFor({ channels: everything, contacts: { email: 'a@b.cn' } })).toEqual([
    'email',
  ]);
});

it('a carrier starts accepting only on the change from not accepting', () => {
  expect(startsAccepting(undefined, { accepting: true, status: 'active' })).toBe(true);
  expect(startsAccepting({ accepting: false }, { accepting: true, status: 'active' })).toBe(true);
  expect(startsAccepting({ accepting: true }, { accepting: true, status: 'active' })).toBe(false);
  expect(startsAccepting({ accepting: false }, { accepting: true, status: 'retired' })).toBe(false);
});
