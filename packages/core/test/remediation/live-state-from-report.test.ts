import { expect } from 'chai';
import {
  iamUserRow,
  liveStateFromReportRow,
  NO_INFORMATION,
  NOT_APPLICABLE,
  rootRow,
} from '../../src/index.js';

const ACCOUNT = '123456789012';

describe('liveStateFromReportRow', () => {
  it('reads keys, password and certificates, with the report columns as ids', () => {
    // Prepare
    const row = iamUserRow(ACCOUNT, 'alice', {
      password_enabled: true,
      password_last_changed: new Date('2024-01-02T00:00:00Z'),
      password_last_used: new Date('2024-05-01T00:00:00Z'),
      access_key_1_active: false,
      access_key_1_last_rotated: new Date('2023-01-01T00:00:00Z'),
      access_key_1_last_used_date: NOT_APPLICABLE,
      access_key_2_active: true,
      access_key_2_last_rotated: new Date('2024-02-01T00:00:00Z'),
      access_key_2_last_used_date: new Date('2024-05-30T00:00:00Z'),
      access_key_2_last_used_service: 'sts',
      access_key_2_last_used_region: 'eu-west-1',
      cert_2_active: true,
      cert_2_last_rotated: new Date('2022-03-01T00:00:00Z'),
    });

    // Act
    const state = liveStateFromReportRow(row);

    // Assess
    expect(state).to.deep.equal({
      account_id: ACCOUNT,
      user_name: 'alice',
      user_arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      access_keys: [
        {
          id: 'access_key_1',
          active: false,
          created_at: new Date('2023-01-01T00:00:00Z'),
          last_used_at: null,
          last_used_service: null,
          last_used_region: null,
        },
        {
          id: 'access_key_2',
          active: true,
          created_at: new Date('2024-02-01T00:00:00Z'),
          last_used_at: new Date('2024-05-30T00:00:00Z'),
          last_used_service: 'sts',
          last_used_region: 'eu-west-1',
        },
      ],
      login_profile: {
        created_at: new Date('2024-01-02T00:00:00Z'),
        last_used_at: new Date('2024-05-01T00:00:00Z'),
      },
      signing_certificates: [{ id: 'cert_2', active: true, uploaded_at: new Date('2022-03-01T00:00:00Z') }],
      tags: null,
      groups: null,
      rotation_secret: null,
    });
  });

  it('dates a password never used and never changed from the user creation, as the finding does', () => {
    // Prepare
    const row = iamUserRow(ACCOUNT, 'bob', {
      password_enabled: true,
      password_last_changed: NOT_APPLICABLE,
      password_last_used: NO_INFORMATION,
    });

    // Act
    const state = liveStateFromReportRow(row);

    // Assess
    expect(state.login_profile).to.deep.equal({ created_at: row.user_creation_time, last_used_at: null });
  });

  it('has no credential where the report has none, and no password for root (not_supported)', () => {
    // Act
    const user = liveStateFromReportRow(iamUserRow(ACCOUNT, 'carol'));
    const root = liveStateFromReportRow(rootRow(ACCOUNT));

    // Assess
    expect(user.access_keys).to.deep.equal([]);
    expect(user.signing_certificates).to.deep.equal([]);
    expect(user.login_profile).to.equal(null);
    expect(root.login_profile).to.equal(null);
    expect(root.user_arn).to.equal(`arn:aws:iam::${ACCOUNT}:root`);
  });
});
