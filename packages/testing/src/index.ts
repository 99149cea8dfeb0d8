export * from './moto-server.js';
