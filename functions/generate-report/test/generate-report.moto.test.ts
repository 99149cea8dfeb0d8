import { runContext } from '@credential-tracker/core/aws';
import {
  withMotoEnvironment,
  COLLECTOR_ROLE_NAME,
  createMotoOrganization,
  useMotoSuite,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { handler } from '../src/handler.js';

const RUN = runContext('exec-moto', new Date('2026-11-23T06:00:00Z'));

describe('generate-report against moto', () => {
  const moto = useMotoSuite();

  it('answers STARTED for a new report, then COMPLETE, in each member account', async () => {
    // Prepare
    const org = await createMotoOrganization(moto.endpoint, {
      ous: {},
      accounts: [
        { name: 'one', users: ['alice'] },
        { name: 'two', users: ['bob'] },
      ],
    });
    const [one, two] = [org.accountIds.one as string, org.accountIds.two as string];
    const generate = (account_id: string) =>
      withMotoEnvironment(moto.endpoint, { MEMBER_ROLE_NAME: COLLECTOR_ROLE_NAME }, () =>
        handler({ run: RUN, account_id }),
      );

    // Act
    const first = await generate(one);
    const again = await generate(one);
    const other = await generate(two);

    // Assess: each account has its own report
    expect(first).to.deep.equal({ account_id: one, state: 'STARTED' });
    expect(again).to.deep.equal({ account_id: one, state: 'COMPLETE' });
    expect(other).to.deep.equal({ account_id: two, state: 'STARTED' });
  });
});
