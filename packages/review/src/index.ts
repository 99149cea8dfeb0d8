export * from './review.js';
export * from './describe.js';
export * from './csv.js';
export * from './html.js';
export * from './render.js';
export * from './account-review.js';
