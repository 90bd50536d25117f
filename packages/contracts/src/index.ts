// @shuangchuang/contracts — the platform's API and event contracts. This entry is bundled into
// the mini-program, so it imports nothing Node-only (document paths live in ./documents).
export * from './events/index.js';
