export * from './render.js';
export * from './transitions.js';
export * from './local-definition.js';
export * from './promise-with-resolvers.js';
