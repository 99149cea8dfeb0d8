export * from './targets.js';
export * from './follow-up-candidates.js';
export * from './remediate.js';
export * from './handler.js';
