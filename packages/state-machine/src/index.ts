export * from './render.js';
export * from './transitions.js';
