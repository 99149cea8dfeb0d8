import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bundlesMarkdown, type BundleMeasure } from '../bench/bundles/bundles-benchmark.js';
import { importMilliseconds, median } from '../bench/bundles/import-time.js';

const measure = (name: string, zipBytes: number, medianMs: number): BundleMeasure => ({
  name,
  zipBytes,
  bundleBytes: zipBytes * 3,
  importMs: { median: medianMs, min: medianMs - 5, max: medianMs + 5 },
});

describe('scripts/bench bundles', () => {
  describe('importMilliseconds', () => {
    it('imports the module once in a fresh process with a bare environment and answers its time', async () => {
      // Prepare: a module that records, when imported, what it was run with
      const folder = await mkdtemp(join(tmpdir(), 'ct-import-time-test-'));
      try {
        const marker = join(folder, 'imported.json');
        const module = join(folder, 'handler.mjs');
        await writeFile(
          module,
          `import { appendFileSync } from 'node:fs';\n` +
            `appendFileSync(${JSON.stringify(marker)}, JSON.stringify({ pid: process.pid, home: process.env.HOME ?? null }) + '\\n');\n`,
        );

        // Act
        const milliseconds = await importMilliseconds(module);

        // Assess
        expect(milliseconds).to.be.a('number').and.to.be.at.least(0);
        const lines = (await readFile(marker, 'utf8')).trim().split('\n');
        expect(lines).to.have.length(1);
        expect(JSON.parse(lines[0] as string))
          .to.deep.include({ home: null })
          .and.not.to.include({ pid: process.pid });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  });

  describe('median', () => {
    it('takes the middle value of an odd count and the mean of the two middle ones of an even count', () => {
      expect(median([30, 10, 20])).to.equal(20);
      expect(median([40, 10, 30, 20])).to.equal(25);
    });

    it('refuses no values rather than answering NaN', () => {
      expect(() => median([])).to.throw('median of no values');
    });
  });

  describe('bundlesMarkdown', () => {
    it('says per function whether both targets hold: at most 250 KiB zipped and 100 ms to import', () => {
      // Act
      const markdown = bundlesMarkdown(
        [
          measure('small-and-fast', 250 * 1024, 100),
          measure('too-big', 250 * 1024 + 1, 50),
          measure('too-slow', 100 * 1024, 100.1),
        ],
        15,
      );

      // Assess
      const verdict = (name: string) =>
        markdown
          .split('\n')
          .find((line) => line.startsWith(`| ${name} `))
          ?.split('|')
          .at(-2)
          ?.trim();
      expect(verdict('small-and-fast')).to.equal('yes');
      expect(verdict('too-big')).to.equal('no');
      expect(verdict('too-slow')).to.equal('no');
      expect(markdown).to.include('median of 15 imports');
    });
  });
});
