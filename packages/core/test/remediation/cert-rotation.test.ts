import { expect } from 'chai';
import type { LiveSigningCertificate } from '../../src/index.js';
import { daysAgo, liveUser, planFor, summary, targetOf } from './support/live-users.js';

const DAY_MS = 86_400_000;

describe('planner: cert-rotation (cert_rotation_days 90, grace_days 15)', () => {
  function planCertificate(uploaded: Date, overrides: Partial<LiveSigningCertificate> = {}) {
    const user = liveUser('erin', {
      signing_certificates: [{ id: 'CERTID1', active: true, uploaded_at: uploaded, ...overrides }],
    });
    return planFor('cert-rotation', [targetOf(user, 'cert_1', uploaded)], [user]);
  }

  it('does nothing for a certificate exactly 90 days old', () => {
    // Act
    const plan = planCertificate(daysAgo(90));

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip not_due CERTID1']);
  });

  it('warns for a certificate 90 days and 1 ms old: it cannot be rotated for its owner', () => {
    // Prepare
    const uploaded = daysAgo(90, 1);

    // Act
    const plan = planCertificate(uploaded);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn CERTID1']);
    expect(plan.decisions[0]?.next_step).to.deep.equal({
      action: 'deactivate_certificate',
      due_at: new Date(uploaded.getTime() + 105 * DAY_MS),
    });
  });

  it('still warns at exactly 105 days', () => {
    // Act
    const plan = planCertificate(daysAgo(105));

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn CERTID1']);
  });

  it('deactivates the certificate at 105 days and 1 ms, and plans nothing after', () => {
    // Act
    const plan = planCertificate(daysAgo(105, 1));

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['act deactivate_certificate CERTID1']);
    expect(plan.decisions[0]?.action).to.deep.equal({
      kind: 'deactivate_certificate',
      certificate_id: 'CERTID1',
    });
    expect(plan.decisions[0]?.next_step).to.equal(null);
  });

  it('skips a certificate deactivated since the report', () => {
    // Act
    const plan = planCertificate(daysAgo(200), { active: false });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip already_inactive CERTID1']);
  });

  it('skips a certificate deleted since the report', () => {
    // Prepare
    const user = liveUser('erin');

    // Act
    const plan = planFor('cert-rotation', [targetOf(user, 'cert_1', daysAgo(200))], [user]);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip credential_gone cert_1']);
  });
});
