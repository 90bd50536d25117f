export { median, percentile, summarizeLatencies, type LatencySummary } from './statistics.js';
export {
  createRounds,
  figure,
  figureFromRounds,
  HTTP_FIGURES,
  ratiosTo,
  recordBenchmark,
  RESULT_SCHEMA,
  RESULTS_DIR,
  type BaselineRow,
  type BenchmarkInput,
  type BenchmarkResult,
  type Better,
  type Figure,
  type FigureSpec,
  type Goal,
  type MeasuredRow,
  type RecordOptions,
  type Row,
} from './result.js';
export { jsonBodyOfSize, startBareExpressServer, type BareExpressServer } from './baseline.js';
export { fetchStatus, runLoad, type LoadFigures, type LoadOptions } from './load.js';
export {
  describeMachine,
  formatNumber,
  formatRatio,
  renderBenchmarksMarkdown,
  type Machine,
  type RunInfo,
} from './report.js';
export { profiledWhile } from './cpu-profile.js';
export { processCpuSeconds } from './process-cpu.js';
