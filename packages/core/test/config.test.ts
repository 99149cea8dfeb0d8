import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  CONFIG_KEYS,
  ConfigError,
  DEFAULT_CONFIG,
  configEnvName,
  loadConfigFile,
  loadConfigFromEnv,
  parseConfig,
} from '../src/index.js';

function configError(act: () => unknown): ConfigError {
  try {
    act();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail('expected a ConfigError');
}

const writeTemp = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'ct-config-')), 'config.json');
  writeFileSync(path, text);
  return path;
};

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_CONFIG).to.deep.equal({
      rotation_days: 90,
      unused_days: 45,
      cert_rotation_days: 90,
      root_usage_days: 30,
      grace_days: 15,
      delete_after_days: 30,
      enforce: false,
      max_in_use_hold_days: 30,
      never_deactivate_in_use_keys: false,
      include_users: [],
      exclude_users: [],
      exempt_groups: [],
      max_actions_per_run: 50,
      max_actions_per_account: 10,
      admin_principals: [],
      fallback_email: null,
      fallback_email_by_account: {},
    });
  });

  it('reads the remediation settings', () => {
    // Prepare
    const value = {
      enforce: true,
      max_in_use_hold_days: 7,
      never_deactivate_in_use_keys: true,
      include_users: ['alice', 'arn:aws:iam::123456789012:user/team/bob'],
      exclude_users: ['ci-bot'],
      exempt_groups: ['break-glass'],
      max_actions_per_run: 200,
      max_actions_per_account: 20,
      admin_principals: ['arn:aws:iam::123456789012:role/SecurityAdmin', 'arn:aws:iam::123456789012:root'],
      fallback_email: 'cloud-team@example.com',
      fallback_email_by_account: { '123456789012': 'payments@example.com' },
    };

    // Act
    const config = parseConfig(value, 'test');

    // Assess
    expect(config).to.deep.equal({ ...DEFAULT_CONFIG, ...value });
  });

  it('reports every offending remediation setting at once, naming list items by position', () => {
    // Act
    const error = configError(() =>
      parseConfig(
        {
          enforce: 'yes',
          include_users: ['alice', 'bad name!'],
          exclude_users: 'ci-bot',
          exempt_groups: [''],
          max_actions_per_run: 0,
          max_actions_per_account: 2.5,
          admin_principals: ['arn:aws:s3:::bucket'],
          fallback_email: 'not-an-address',
          fallback_email_by_account: { '12345': 'ops@example.com', '123456789012': 'nobody' },
        },
        'cfg.json',
      ),
    );

    // Assess
    expect(error.problems).to.deep.equal([
      'enforce: expected true or false, got "yes"',
      'include_users[1]: "bad name!" is neither an IAM user name nor an IAM user ARN',
      'exclude_users: expected a list of IAM user names or ARNs, got "ci-bot"',
      'exempt_groups[0]: "" is not an IAM group name',
      'max_actions_per_run: must be at least 1 action, got 0',
      'max_actions_per_account: expected a whole number of actions, got 2.5',
      'admin_principals[0]: "arn:aws:s3:::bucket" is not the ARN of an IAM user, role or account root',
      'fallback_email: "not-an-address" is not an email address',
      'fallback_email_by_account["12345"]: "12345" is not a 12-digit account id',
      'fallback_email_by_account["123456789012"]: "nobody" is not an email address',
    ]);
  });

  it('refuses a hold that is not 1 to 3650 whole days, and a never-deactivate that is not a boolean', () => {
    // Act
    const error = configError(() =>
      parseConfig({ max_in_use_hold_days: 0, never_deactivate_in_use_keys: 'yes' }, 'test'),
    );
    const tooLong = configError(() => parseConfig({ max_in_use_hold_days: 3651 }, 'test'));
    const fraction = configError(() => parseConfig({ max_in_use_hold_days: 1.5 }, 'test'));
    const none = configError(() => parseConfig({ max_in_use_hold_days: null }, 'test'));

    // Assess
    expect(error.problems).to.deep.equal([
      'max_in_use_hold_days: must be at least 1 day, got 0',
      'never_deactivate_in_use_keys: expected true or false, got "yes"',
    ]);
    expect(tooLong.problems).to.deep.equal(['max_in_use_hold_days: must be at most 3650 days, got 3651']);
    expect(fraction.problems).to.deep.equal([
      'max_in_use_hold_days: expected a whole number of days, got 1.5',
    ]);
    expect(none.problems).to.deep.equal(['max_in_use_hold_days: expected a whole number of days, got null']);
  });

  it('refuses a user ARN that would match nobody, saying why', () => {
    // Act
    const error = configError(() =>
      parseConfig(
        {
          exclude_users: [
            'arn:aws:iam::123456789012:role/pathy',
            'arn:aws:iam::12345:user/pathy',
            'arn:aws:iam::123456789012:user//pathy',
            'arn:aws:iam::123456789012:user/team/',
          ],
        },
        'cfg.json',
      ),
    );

    // Assess
    expect(error.problems).to.deep.equal([
      'exclude_users[0]: "arn:aws:iam::123456789012:role/pathy" is neither an IAM user name nor an IAM user ARN (it names a role, group, policy or account root: only users are remediated)',
      'exclude_users[1]: "arn:aws:iam::12345:user/pathy" is neither an IAM user name nor an IAM user ARN (a user ARN reads arn:aws:iam::<12-digit account id>:user/[path/]<name>)',
      'exclude_users[2]: "arn:aws:iam::123456789012:user//pathy" is neither an IAM user name nor an IAM user ARN (the path segments and the name may hold only letters, digits and +=,.@_-, and the name at most 64 of them)',
      'exclude_users[3]: "arn:aws:iam::123456789012:user/team/" is neither an IAM user name nor an IAM user ARN (the path segments and the name may hold only letters, digits and +=,.@_-, and the name at most 64 of them)',
    ]);
  });

  it('keeps given values and fills the rest with defaults', () => {
    expect(parseConfig({ rotation_days: 30 }, 'test')).to.deep.equal({
      ...DEFAULT_CONFIG,
      rotation_days: 30,
    });
  });

  it('reports every offending field at once', () => {
    // Act
    const error = configError(() =>
      parseConfig(
        { rotation_days: -5, unused_days: 'soon', grace_days: 1.5, delete_after_days: 99999 },
        'cfg.json',
      ),
    );

    // Assess
    expect(error.problems).to.have.length(4);
    expect(error.message).to.match(/^invalid configuration in cfg\.json:/);
    expect(error.message).to.match(/rotation_days: must be at least 1 day, got -5/);
    expect(error.message).to.match(/unused_days: expected a whole number of days, got "soon"/);
    expect(error.message).to.match(/grace_days: expected a whole number of days, got 1\.5/);
    expect(error.message).to.match(/delete_after_days: must be at most 3650 days, got 99999/);
  });

  it('refuses an unknown setting, naming the known ones', () => {
    const error = configError(() => parseConfig({ rotaton_days: 30 }, 'cfg.json'));
    expect(error.message).to.match(
      /unknown setting "rotaton_days"; known settings are rotation_days, unused_days/,
    );
  });

  it('refuses a configuration that is not an object', () => {
    const error = configError(() => parseConfig([1, 2], 'cfg.json'));
    expect(error.problems).to.have.length(1);
  });

  describe('from a JSON file', () => {
    it('loads a valid file', () => {
      expect(loadConfigFile(writeTemp('{"unused_days": 60}')).unused_days).to.equal(60);
    });

    it('names the file when it is missing', () => {
      const error = configError(() => loadConfigFile('/nonexistent/config.json'));
      expect(error.message).to.match(/\/nonexistent\/config\.json:\n {2}- cannot read the file/);
    });

    it('names the file when it is not JSON', () => {
      const path = writeTemp('{ rotation_days: 30 }');
      const error = configError(() => loadConfigFile(path));
      expect(error.message).to.contain(path);
      expect(error.message).to.match(/not valid JSON/);
    });
  });

  describe('from CT_* environment variables', () => {
    it('names one variable per setting', () => {
      expect(CONFIG_KEYS.map(configEnvName)).to.include.members(['CT_ROTATION_DAYS', 'CT_DELETE_AFTER_DAYS']);
    });

    it('reads integers and ignores unrelated variables', () => {
      const config = loadConfigFromEnv({ CT_ROTATION_DAYS: '60', CT_GRACE_DAYS: ' 7 ', PATH: '/usr/bin' });
      expect(config).to.deep.equal({ ...DEFAULT_CONFIG, rotation_days: 60, grace_days: 7 });
    });

    it('reports every bad variable by its own name', () => {
      const error = configError(() =>
        loadConfigFromEnv({ CT_ROTATION_DAYS: 'ninety', CT_UNUSED_DAYS: '0', CT_ROTATON_DAYS: '5' }),
      );
      expect(error.problems).to.have.length(3);
      expect(error.message).to.match(/CT_ROTATION_DAYS: expected a whole number of days, got "ninety"/);
      expect(error.message).to.match(/CT_UNUSED_DAYS: must be at least 1 day, got 0/);
      expect(error.message).to.match(/unknown setting "rotaton_days"/);
    });

    it('reads booleans, comma-separated lists and account_id=value pairs', () => {
      // Act
      const config = loadConfigFromEnv({
        CT_ENFORCE: 'true',
        CT_INCLUDE_USERS: 'alice, bob',
        CT_EXCLUDE_USERS: '',
        CT_EXEMPT_GROUPS: 'break-glass',
        CT_MAX_ACTIONS_PER_RUN: '100',
        CT_ADMIN_PRINCIPALS: 'arn:aws:iam::123456789012:role/SecurityAdmin',
        CT_FALLBACK_EMAIL: 'cloud-team@example.com',
        CT_FALLBACK_EMAIL_BY_ACCOUNT: '123456789012=payments@example.com, 210987654321=data@example.com',
      });

      // Assess
      expect(config).to.deep.equal({
        ...DEFAULT_CONFIG,
        enforce: true,
        include_users: ['alice', 'bob'],
        exempt_groups: ['break-glass'],
        max_actions_per_run: 100,
        admin_principals: ['arn:aws:iam::123456789012:role/SecurityAdmin'],
        fallback_email: 'cloud-team@example.com',
        fallback_email_by_account: {
          '123456789012': 'payments@example.com',
          '210987654321': 'data@example.com',
        },
      });
    });

    it('reads an empty CT_FALLBACK_EMAIL as no address, and false as enforce off', () => {
      // Act
      const config = loadConfigFromEnv({ CT_FALLBACK_EMAIL: '', CT_ENFORCE: 'false' });

      // Assess
      expect(config).to.deep.equal(DEFAULT_CONFIG);
    });

    it('refuses loose spellings of the remediation settings, each by its variable', () => {
      // Act
      const error = configError(() =>
        loadConfigFromEnv({
          CT_ENFORCE: '1',
          CT_EXCLUDE_USERS: 'alice,,bob',
          CT_FALLBACK_EMAIL_BY_ACCOUNT: '123456789012:ops@example.com',
          CT_MAX_ACTIONS_PER_ACCOUNT: 'ten',
        }),
      );

      // Assess
      expect(error.problems).to.deep.equal([
        'CT_ENFORCE: expected true or false, got "1"',
        'CT_EXCLUDE_USERS[1]: "" is neither an IAM user name nor an IAM user ARN',
        'CT_MAX_ACTIONS_PER_ACCOUNT: expected a whole number of actions, got "ten"',
        'CT_FALLBACK_EMAIL_BY_ACCOUNT: expected an object of account id to email address, got "123456789012:ops@example.com"',
      ]);
    });

    it('reads the hold of a key in use from CT_MAX_IN_USE_HOLD_DAYS and CT_NEVER_DEACTIVATE_IN_USE_KEYS', () => {
      // Act
      const config = loadConfigFromEnv({
        CT_MAX_IN_USE_HOLD_DAYS: ' 60 ',
        CT_NEVER_DEACTIVATE_IN_USE_KEYS: 'true',
      });
      const error = configError(() =>
        loadConfigFromEnv({ CT_MAX_IN_USE_HOLD_DAYS: 'never', CT_NEVER_DEACTIVATE_IN_USE_KEYS: 'yes' }),
      );

      // Assess
      expect(config).to.deep.include({ max_in_use_hold_days: 60, never_deactivate_in_use_keys: true });
      expect(error.problems).to.deep.equal([
        'CT_MAX_IN_USE_HOLD_DAYS: expected a whole number of days, got "never"',
        'CT_NEVER_DEACTIVATE_IN_USE_KEYS: expected true or false, got "yes"',
      ]);
    });

    it('refuses an account given twice in CT_FALLBACK_EMAIL_BY_ACCOUNT', () => {
      // Act
      const error = configError(() =>
        loadConfigFromEnv({
          CT_FALLBACK_EMAIL_BY_ACCOUNT: '123456789012=a@example.com,123456789012=b@example.com',
        }),
      );

      // Assess
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.match(/^CT_FALLBACK_EMAIL_BY_ACCOUNT: expected an object/);
    });
  });
});
