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
    });
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
  });
});
