// The validator cuts a quote-free report itself instead of through papaparse; it must cut every
// text exactly as papaparse would (the rows and cells, the line end it guesses).
import { expect } from 'chai';
import Papa from 'papaparse';
import { SeededRandom } from '@credential-tracker/testing';
import { splitUnquotedCsv } from '../src/parse-report.js';

const papaparse = (text: string): string[][] =>
  Papa.parse<string[]>(text, { delimiter: ',', header: false, skipEmptyLines: false }).data;

// Texts as checkCharacters lets them through: printable ASCII without quotes, LF or CRLF line ends.
const PIECES = ['a', 'b1', 'N/A', '', ',', ',', '\n', '\r\n', '\n\n', '\r\n\r\n', 'x y', '-'];

describe('splitUnquotedCsv', () => {
  it('cuts 5,000 random quote-free texts into the rows and cells papaparse gives', () => {
    const random = new SeededRandom(15);
    for (let round = 0; round < 5_000; round += 1) {
      // Prepare
      const pieces = Array.from({ length: 1 + Math.floor(random.next() * 40) }, () => {
        return PIECES[Math.floor(random.next() * PIECES.length)] as string;
      });
      const text = pieces.join('');

      // Act
      const split = splitUnquotedCsv(text);

      // Assess
      if (split !== undefined) expect(split, JSON.stringify(text)).to.deep.equal(papaparse(text));
    }
  });

  it('cuts a report of mixed line ends as papaparse does: at the first line end kind only', () => {
    for (const text of ['h1,h2\r\na,b\nc,d', 'h1,h2\na,b\r\nc,d\r\n', 'h\r\n\r\n\n', 'h1,h2']) {
      expect(splitUnquotedCsv(text) ?? papaparse(text), JSON.stringify(text)).to.deep.equal(papaparse(text));
    }
  });

  it('leaves to papaparse a text whose first line break is past its 1 MB guess, or cut there', () => {
    const long = 'a'.repeat(1024 * 1024);
    expect(splitUnquotedCsv(`${long}\r\nb`)).to.be.undefined;
    expect(splitUnquotedCsv('h')).to.be.undefined;
    expect(splitUnquotedCsv(`h\r\n${'a'.repeat(1024 * 1024 - 4)}\r\nb`)).to.be.undefined;
  });
});
