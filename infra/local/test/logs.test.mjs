import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogSink } from '../logs.mjs';

function terminal() {
  const out = new Writable({
    write(chunk, _encoding, done) {
      out.text += chunk;
      done();
    },
  });
  out.text = '';
  return out;
}

const line = JSON.stringify({
  level: 30,
  time: '2026-12-06T02:20:04.453Z',
  service: 'registry',
  msg: 'http server closed',
});

describe('npm start log sink', () => {
  it('writes each part raw to its file and prettified, prefixed by its name, to the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-sink-'));
    const out = terminal();
    const sink = createLogSink({ dir, out, colour: false });
    // A line may arrive in two chunks.
    sink.write('registry', `${line.slice(0, 20)}`);
    sink.write('registry', `${line.slice(20)}\nplain text line\n`);
    sink.write('kafka', 'embedded-kafka: listening on 127.0.0.1:9092\n');
    await sink.close();

    expect(readFileSync(join(dir, 'registry.log'), 'utf8')).toBe(`${line}\nplain text line\n`);
    expect(readFileSync(join(dir, 'kafka.log'), 'utf8')).toContain('listening on');
    const shown = out.text.split('\n');
    expect(shown[0]).toMatch(/^registry +│ \[\d\d:\d\d:\d\d\.\d{3}\] INFO: http server closed$/);
    expect(shown[1]).toMatch(/^registry +│ plain text line$/);
    expect(shown[2]).toMatch(/^kafka +│ embedded-kafka: listening on/);
  });

  it('keeps the terminal free when quiet and still writes the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-sink-'));
    const out = terminal();
    const sink = createLogSink({ dir, out, quiet: true });
    sink.write('registry', `${line}\n`);
    await sink.close();
    expect(out.text).toBe('');
    expect(readFileSync(join(dir, 'registry.log'), 'utf8')).toBe(`${line}\n`);
  });

  it('colours the prefix when asked', async () => {
    const out = terminal();
    const sink = createLogSink({
      dir: mkdtempSync(join(tmpdir(), 'log-sink-')),
      out,
      colour: true,
    });
    sink.write('registry', `${line}\n`);
    await sink.close();
    expect(out.text.startsWith(`\u001b[`)).toBe(true);
    expect(out.text).toContain(`registry`);
  });
});
