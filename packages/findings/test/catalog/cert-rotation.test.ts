import { expect } from 'chai';
import { NOT_APPLICABLE, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding cert-rotation', () => {
  it('is not a finding for a certificate exactly cert_rotation_days old, and is one a second later', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'exactly-90', { cert_1_active: true, cert_1_last_rotated: before(90) }),
      iamUserRow(ACCOUNT, 'just-over-90', { cert_1_active: true, cert_1_last_rotated: before(90, 1) }),
    ];

    // Act
    const found = await runFinding('cert-rotation', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('just-over-90', 'cert_1', { created_at: before(90, 1), last_used_at: null, days: 90 }),
    ]);
  });

  it('covers certificate 1 and certificate 2 on their own rows and counts whole days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'legacy-soap', {
        cert_1_active: true,
        cert_1_last_rotated: before(365, 86_399),
        cert_2_active: true,
        cert_2_last_rotated: before(91),
      }),
      iamUserRow(ACCOUNT, 'second-only', {
        cert_1_active: true,
        cert_1_last_rotated: before(5),
        cert_2_active: true,
        cert_2_last_rotated: before(100),
      }),
    ];

    // Act
    const found = await runFinding('cert-rotation', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('legacy-soap', 'cert_1', { created_at: before(365, 86_399), days: 365 }),
      findingRow('legacy-soap', 'cert_2', { created_at: before(91), days: 91 }),
      findingRow('second-only', 'cert_2', { created_at: before(100), days: 100 }),
    ]);
  });

  it('ignores inactive certificates, users without one (N/A) and the root user', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, { cert_1_active: true, cert_1_last_rotated: before(900) }),
      iamUserRow(ACCOUNT, 'inactive', {
        cert_1_active: false,
        cert_1_last_rotated: before(900),
        cert_2_active: false,
        cert_2_last_rotated: before(900),
      }),
      iamUserRow(ACCOUNT, 'none', {
        cert_1_last_rotated: NOT_APPLICABLE,
        cert_2_last_rotated: NOT_APPLICABLE,
      }),
    ];

    // Act
    const found = await runFinding('cert-rotation', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });

  it('reads the threshold from cert_rotation_days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'c', { cert_2_active: true, cert_2_last_rotated: before(31) }),
    ];

    // Act
    const withDefault = await runFinding('cert-rotation', rows);
    const withThirty = await runFinding('cert-rotation', rows, { config: { cert_rotation_days: 30 } });

    // Assess
    expect(withDefault).to.deep.equal([]);
    expect(withThirty).to.deep.equal([findingRow('c', 'cert_2', { created_at: before(31), days: 31 })]);
  });
});
