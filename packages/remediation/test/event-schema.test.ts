import { expect } from 'chai';
import { remediationEventSchema } from '../src/index.js';

describe('remediation event', () => {
  const event = {
    run: { run_id: 'daily', as_of: '2026-11-23T06:00:00.000Z', date: '2026-11-23' },
    finding: 'ak-usage',
    targets: { bucket: 'tracker', key: 'targets/date=2026-11-23/run=daily/ak-usage.jsonl' },
  };

  it('takes exactly what RemediateFindings sends, for its own finding only', () => {
    expect(remediationEventSchema('ak-usage').parse(event)).to.deep.equal(event);
    expect(remediationEventSchema('ak-rotation').safeParse(event).success).to.equal(false);
    expect(remediationEventSchema('ak-usage').safeParse({ ...event, extra: 1 }).success).to.equal(false);
  });
});
