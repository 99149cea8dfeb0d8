export * from './decision.js';
export * from './live-state.js';
export * from './live-state-from-report.js';
export * from './target.js';
export * from './time.js';
export * from './exemptions.js';
export * from './blast-radius.js';
export * from './plan.js';
