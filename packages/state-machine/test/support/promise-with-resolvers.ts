// aws-local-stepfunctions calls Promise.withResolvers (Node 22); the tests run on Node 20, which lacks it.
// Imported first by every test that runs the state machine.
import { installPromiseWithResolvers } from '../../src/promise-with-resolvers.js';

installPromiseWithResolvers();
