import { expect } from 'chai';
import { remediationEventSchema } from '../src/index.js';

describe('remediation event', () => {
  const event = {
    run: { run_id: 'daily', as_of: '2026-11-23T06:00:00.000Z', date: '2026-11-23' },
    finding: 'ak-usage',
    targets: { bucket: 'tracker', key: 'targets/date=2026-11-23/run=daily/ak-usage.jsonl' },
  };

  it('takes exactly what RemediateFindings sends, for its own finding only', () => {
    expect(remediationEventSchema('ak-usage').parse(event)).to.deep.equal({
      ...event,
      actions_earlier_in_run: { run: 0, by_account: {} },
    });
    expect(remediationEventSchema('ak-rotation').safeParse(event).success).to.equal(false);
    expect(remediationEventSchema('ak-usage').safeParse({ ...event, extra: 1 }).success).to.equal(false);
  });

  it('takes the actions earlier in the run, listing only accounts with actions', () => {
    const counts = { run: 5, by_account: { '100000000001': 3, '100000000002': 2 } };
    const schema = remediationEventSchema('ak-usage');

    expect(schema.parse({ ...event, actions_earlier_in_run: counts })).to.have.deep.property(
      'actions_earlier_in_run',
      counts,
    );
    for (const wrong of [
      { run: 5 },
      { run: -1, by_account: {} },
      { run: 1.5, by_account: {} },
      { run: 5, by_account: { '100000000001': 0 } },
      { run: 5, by_account: { 'not-an-account': 1 } },
      { run: 2, by_account: { '100000000001': 3 } },
      { ...counts, extra: 1 },
    ]) {
      expect(
        schema.safeParse({ ...event, actions_earlier_in_run: wrong }).success,
        JSON.stringify(wrong),
      ).to.equal(false);
    }
  });
});
