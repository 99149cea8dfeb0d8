import { expect } from 'chai';
import { NOT_APPLICABLE, NO_INFORMATION, NOT_SUPPORTED, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, OTHER_ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

const consoleUser = (name: string, overrides: Parameters<typeof iamUserRow>[2]) =>
  iamUserRow(ACCOUNT, name, { password_enabled: true, mfa_active: true, ...overrides });

describe('finding cred-usage', () => {
  it('is not a finding for a password last used exactly unused_days ago, and is one a second earlier', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      consoleUser('exactly-45', { password_last_changed: before(200), password_last_used: before(45) }),
      consoleUser('just-over-45', { password_last_changed: before(200), password_last_used: before(45, 1) }),
    ];

    // Act
    const found = await runFinding('cred-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('just-over-45', 'password', {
        created_at: before(200),
        last_used_at: before(45, 1),
        days: 45,
      }),
    ]);
  });

  for (const marker of [NO_INFORMATION, NOT_APPLICABLE]) {
    it(`dates a never-used password (${marker.absent}) from password_last_changed: exactly unused_days is not a finding, a second more is`, async () => {
      // Prepare
      const rows = [
        rootRow(ACCOUNT),
        consoleUser('set-exactly-45', { password_last_changed: before(45), password_last_used: marker }),
        consoleUser('set-just-over-45', { password_last_changed: before(45, 1), password_last_used: marker }),
      ];

      // Act
      const found = await runFinding('cred-usage', rows);

      // Assess
      expect(found).to.deep.equal([
        findingRow('set-just-over-45', 'password', {
          created_at: before(45, 1),
          last_used_at: null,
          days: 45,
        }),
      ]);
    });
  }

  it('falls back to user_creation_time when password_last_changed is N/A', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      consoleUser('created-exactly-45', {
        user_creation_time: before(45),
        password_last_changed: NOT_APPLICABLE,
        password_last_used: NO_INFORMATION,
      }),
      consoleUser('created-long-ago', {
        user_creation_time: before(1000, 43_200),
        password_last_changed: NOT_APPLICABLE,
        password_last_used: NO_INFORMATION,
      }),
    ];

    // Act
    const found = await runFinding('cred-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('created-long-ago', 'password', { created_at: before(1000, 43_200), days: 1000 }),
    ]);
  });

  it('ignores a password used recently, users without a password and the root user', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        password_enabled: NOT_SUPPORTED,
        password_last_changed: NOT_SUPPORTED,
        password_last_used: before(400),
      }),
      // IAM writes not_supported for root; even a root row claiming a password is not a user finding.
      rootRow(OTHER_ACCOUNT, {
        password_enabled: true,
        password_last_changed: before(900),
        password_last_used: before(400),
      }),
      consoleUser('busy', { password_last_changed: before(900), password_last_used: before(2) }),
      iamUserRow(ACCOUNT, 'password-removed', {
        password_enabled: false,
        password_last_changed: NOT_APPLICABLE,
        password_last_used: before(400),
      }),
      iamUserRow(ACCOUNT, 'api-only', { password_enabled: false, password_last_used: NOT_APPLICABLE }),
    ];

    // Act
    const found = await runFinding('cred-usage', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });

  it('reads the threshold from unused_days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      consoleUser('idle-20', { password_last_changed: before(300), password_last_used: before(20, 1) }),
    ];

    // Act
    const withDefault = await runFinding('cred-usage', rows);
    const withTwenty = await runFinding('cred-usage', rows, { config: { unused_days: 20 } });

    // Assess
    expect(withDefault).to.deep.equal([]);
    expect(withTwenty).to.deep.equal([
      findingRow('idle-20', 'password', { created_at: before(300), last_used_at: before(20, 1), days: 20 }),
    ]);
  });
});
