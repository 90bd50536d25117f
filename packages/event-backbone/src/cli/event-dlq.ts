#!/usr/bin/env node
// event-dlq: list, inspect and replay a consumer group's dead-letter topic.
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  deadLetterTopicOf,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetter,
} from '../dead-letters/dead-letter-topic.js';

const USAGE = `usage: event-dlq <list|inspect|replay> (--group <consumer group> | --topic <dlq topic>)
                [--brokers host:port,...]  (default: $KAFKA_BROKERS)
                [--offset <n>]...          (inspect/replay: only these offsets)
                [--all]                    (replay: every dead letter)

  list     one line per dead letter: offset, event type, id, reason, original coordinates
  inspect  the dead letters as JSON (headers, payload, failure)
  replay   send dead letters back to their original topic (consumers skip events already handled)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      topic: { type: 'string' },
      brokers: { type: 'string', default: process.env.KAFKA_BROKERS },
      offset: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  const topic = values.topic ?? (values.group ? deadLetterTopicOf(values.group) : undefined);
  if (values.help || !command || !topic || !values.brokers) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }

  const kafka = new Kafka({
    clientId: 'event-dlq',
    brokers: values.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const letters = await readDeadLetters(kafka, topic);
  const wanted = new Set(values.offset ?? []);
  const selected = wanted.size ? letters.filter((letter) => wanted.has(letter.offset)) : letters;

  switch (command) {
    case 'list':
      if (letters.length === 0) console.log(`${topic} is empty`);
      for (const letter of letters) console.log(describe(letter));
      return 0;
    case 'inspect':
      console.log(JSON.stringify(selected.map(withParsedPayload), null, 2));
      return 0;
    case 'replay':
      if (!values.all && wanted.size === 0) {
        console.error('replay needs --offset <n> or --all');
        return 2;
      }
      await replayDeadLetters(kafka, selected);
      for (const letter of selected) console.log(`replayed ${describe(letter)}`);
      console.log(`${selected.length} dead letter(s) replayed from ${topic}`);
      return 0;
    default:
      console.error(`unknown command ${command}\n${USAGE}`);
      return 2;
  }
}

function describe(letter: DeadLetter): string {
  const { topic, partition, offset } = letter.original;
  return [
    `offset=${letter.offset}`,
    `type=${letter.eventType ?? '?'}`,
    `id=${letter.eventId ?? '?'}`,
    `key=${letter.key ?? ''}`,
    `reason=${letter.reason}`,
    `attempts=${letter.attempts}`,
    `from=${topic}/${partition}@${offset}`,
    `error=${JSON.stringify(letter.error)}`,
  ].join(' ');
}

function withParsedPayload(letter: DeadLetter) {
  let payload: unknown = letter.value;
  try {
    payload = letter.value === null ? null : JSON.parse(letter.value);
  } catch {
    // not JSON: shown as received
  }
  return { ...letter, payload };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`event-dlq: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
