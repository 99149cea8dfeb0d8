export * from './digest.js';
export * from './notices.js';
