// The child process startTestInfrastructureProcess() runs: the broker and database started as
// startTestInfrastructure() starts them (TEST_INFRASTRUCTURE honoured), in a process of their own.
// Prints one JSON line with their addresses; stops when its stdin closes or on SIGTERM.
import { startTestInfrastructure } from './index.js';

const infrastructure = await startTestInfrastructure();
process.stdout.write(
  JSON.stringify({
    mode: infrastructure.mode,
    mongoUrl: infrastructure.mongoUrl,
    kafkaBrokers: infrastructure.kafkaBrokers,
  }) + '\n',
);
let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= infrastructure.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  ));
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
