// Child process of the benchmark: the embedded database and broker in their own process, as the
// real ones would be, so the service's event loop measures only the service. Prints one JSON line.
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';

const mongo = await startMongo({ port: 0, logLevel: 'silent' });
const kafka = await startKafka({ port: 0, logLevel: 'silent' });
process.stdout.write(JSON.stringify({ mongoUri: mongo.uri, brokers: kafka.brokers }) + '\n');

async function stop() {
  await kafka.stop();
  await mongo.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
// The benchmark closing our stdin (or dying) ends us too.
process.stdin.on('end', () => void stop());
process.stdin.resume();
