import { expect } from 'chai';
import { PayloadLimitError, STATE_PAYLOAD_LIMIT_BYTES } from '../src/local-run.js';
import { runLocally } from './support/local-run.js';
import {
  accountId,
  healthyAccount,
  organization,
  type SimulatedAccount,
} from './support/simulated-organization.js';

/** `count` accounts, every tenth one failing in one of three ways (each failure carries error text). */
function organizationWithFailures(count: number) {
  const broken: Record<string, SimulatedAccount> = {};
  for (let n = 10; n <= count; n += 10) {
    const id = accountId(n);
    const ways: SimulatedAccount[] = [
      { ...healthyAccount(id), roleNotAssumable: true },
      { ...healthyAccount(id), completeFromCall: Infinity },
      { ...healthyAccount(id), corruptReport: true },
    ];
    broken[id] = ways[(n / 10) % 3] as SimulatedAccount;
  }
  return organization(count, broken);
}

describe("the local runs enforce Step Functions' payload limit", function () {
  this.timeout(600_000);

  it('fails the run when a state returns more than 262,144 bytes', async () => {
    // Prepare: initialise-table answers with about 300 KB (its result is dropped, ResultPath null, but
    // Step Functions bounds a task's result before any ResultPath applies)
    const org = organization(2);
    const handlers = {
      ...org.handlers,
      initialiseTable: () =>
        Promise.resolve({ database: 'credential_tracker', tables: ['x'.repeat(300_000)] }),
    };

    // Act
    const failure = await runLocally({ handlers }).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(PayloadLimitError);
    expect((failure as PayloadLimitError).over[0]).to.include({
      state: 'InitialiseTable',
      direction: 'output',
    });
    expect((failure as Error).message).to.match(/States\.DataLimitExceeded/);
  });

  it('measures UTF-8 bytes, not characters', async () => {
    // Prepare: 100,000 three-byte characters are 300,000 bytes
    const org = organization(1);
    const handlers = {
      ...org.handlers,
      initialiseTable: () =>
        Promise.resolve({ database: 'credential_tracker', tables: ['€'.repeat(100_000)] }),
    };

    // Act
    const failure = await runLocally({ handlers }).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(PayloadLimitError);
    expect((failure as PayloadLimitError).over[0]?.bytes).to.be.greaterThan(STATE_PAYLOAD_LIMIT_BYTES);
  });

  it('has the same largest payload at 50 and at 500 accounts, a tenth of them failing', async () => {
    // Act
    const small = await runLocally({ handlers: organizationWithFailures(50).handlers, maxConcurrency: 40 });
    const large = await runLocally({ handlers: organizationWithFailures(500).handlers, maxConcurrency: 40 });

    // Assess: every account ran, the failures are in the Map's results and not in any payload
    expect(small.accounts.filter((item) => item.status === 'failed')).to.have.length(5);
    expect(large.accounts.filter((item) => item.status === 'failed')).to.have.length(50);
    expect(large.accounts).to.have.length(500);
    // The same state, and the same size but for the digits of the findings' counts (47 vs 452 found):
    // carried inline, the 450 more accounts' outcomes would add about 22,000 bytes.
    expect(large.largestPayload.state).to.equal(small.largestPayload.state);
    expect(Math.abs(large.largestPayload.bytes - small.largestPayload.bytes)).to.be.below(64);
    expect(large.largestPayload.bytes).to.be.below(32 * 1024);
  });
});
