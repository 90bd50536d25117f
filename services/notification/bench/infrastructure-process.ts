// Child process of the benchmark: the broker and database in their own process, as real ones
// would be. Prints one JSON line with their addresses; stops when its stdin closes.
import { startTestInfrastructure } from '@shuangchuang/test-infrastructure';

const infrastructure = await startTestInfrastructure();
process.stdout.write(
  JSON.stringify({ mongoUrl: infrastructure.mongoUrl, brokers: infrastructure.kafkaBrokers }) +
    '\n',
);
const stop = async () => {
  await infrastructure.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
