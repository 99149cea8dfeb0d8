export * from './moto-server.js';
export * from './moto-environment.js';
export * from './moto-organization.js';
export * from './moto-athena.js';
export * from './moto-suite.js';
export * from './seeded-random.js';
export * from './fault-proxy.js';
