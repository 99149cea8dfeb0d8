import { readFileSync } from 'node:fs';
import { expect } from 'chai';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The two commands of the README's opening code block: try it, then test it. */
function readmeCommands(): { tryIt: string; test: string } {
  const block = /^```sh\n([\s\S]*?)\n```/m.exec(read('README.md'));
  expect(block, 'README.md opens with a ```sh block of two commands').to.not.be.null;
  const commands = (block?.[1] ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => line.replace(/\s+#.*$/, '').trim());
  expect(commands).to.have.length(2);
  return { tryIt: commands[0] as string, test: commands[1] as string };
}

describe('README commands', () => {
  it('come first in the README', () => {
    const readme = read('README.md');
    expect(readme.indexOf('```sh')).to.be.lessThan(readme.indexOf('\n## '));
  });

  it('are what CI runs: .ci/run ends with exactly the README test command', () => {
    const lines = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.at(-1)).to.equal(readmeCommands().test);
  });

  it('run the workspace bin on the committed sample Organization', () => {
    const { tryIt } = readmeCommands();
    const bins = (JSON.parse(read('packages/cli/package.json')) as { bin: Record<string, string> }).bin;
    const [install, scan] = tryIt.split(' && ');
    expect(install).to.equal('npm ci');
    expect(scan).to.match(/^npx credential-tracker scan examples\/reports\b/);
    expect(bins).to.have.property('credential-tracker');
  });
});
