// The embedded database and broker (or, with TEST_INFRASTRUCTURE=external, nothing but the names
// of real ones) in a process of their own, so their work is not on the service's event loop.
import { startTestInfrastructure } from '@shuangchuang/test-infrastructure';
import { serveParent } from './bench-processes.js';

const infrastructure = await startTestInfrastructure();
serveParent(() => infrastructure.stop());
process.send!({ mongoUrl: infrastructure.mongoUrl, kafkaBrokers: infrastructure.kafkaBrokers });
