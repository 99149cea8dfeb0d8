import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { findInputFiles, InputPathError } from '../src/index.js';

const csv = (name: string): boolean => name.endsWith('.csv');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('findInputFiles', () => {
  let root: string;
  let outside: string;
  const write = (path: string, text = 'x'): string => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'credential-tracker-inputs-'));
    outside = mkdtempSync(join(tmpdir(), 'credential-tracker-elsewhere-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('follows a file symlinked into the directory, rather than skipping it', async () => {
    // Prepare
    const own = write(join(root, '111122223333.csv'));
    const target = write(join(outside, 'report.csv'));
    symlinkSync(target, join(root, '444455556666.csv'));

    // Act
    const files = await findInputFiles([root], csv);

    // Assess
    expect(files).to.deep.equal([own, join(root, '444455556666.csv')]);
  });

  it('walks a symlinked directory, and a file reached twice is read once', async () => {
    // Prepare
    const target = write(join(outside, 'date=2026-11-23', '111122223333.csv'));
    symlinkSync(join(outside, 'date=2026-11-23'), join(root, 'linked'));
    symlinkSync(target, join(root, 'again.csv'));

    // Act
    const files = await findInputFiles([root, target], csv);

    // Assess
    expect(files).to.deep.equal([join(root, 'again.csv')]);
  });

  it('ends a cycle: a link back to a parent is not walked again', async () => {
    // Prepare
    const file = write(join(root, 'a', '111122223333.csv'));
    symlinkSync(root, join(root, 'a', 'up'));

    // Act
    const files = await findInputFiles([root], csv);

    // Assess
    expect(files).to.deep.equal([file]);
  });

  it('takes a symlink named directly, to a file or to a directory', async () => {
    // Prepare
    const target = write(join(outside, 'x', 'report.csv'));
    symlinkSync(target, join(root, 'file-link'));
    symlinkSync(join(outside, 'x'), join(root, 'dir-link'));

    // Act
    const direct = await findInputFiles([join(root, 'file-link')], csv);
    const throughDirectory = await findInputFiles([join(root, 'dir-link')], csv);

    // Assess
    expect(direct).to.deep.equal([join(root, 'file-link')]);
    expect(throughDirectory).to.deep.equal([join(root, 'dir-link', 'report.csv')]);
  });

  it('refuses a dangling symlink, naming it and its target', async () => {
    // Prepare
    symlinkSync(join(outside, 'gone.csv'), join(root, 'gone.csv'));

    // Act
    const error = await rejection(findInputFiles([root], csv));

    // Assess
    expect(error).to.be.instanceOf(InputPathError);
    expect(error.message).to.equal(
      `${join(root, 'gone.csv')}: a symlink to ${join(outside, 'gone.csv')}, which does not exist`,
    );
  });

  it('refuses a symlink loop, in the directory or named directly', async () => {
    // Prepare
    symlinkSync(join(root, 'b.csv'), join(root, 'a.csv'));
    symlinkSync(join(root, 'a.csv'), join(root, 'b.csv'));

    // Act
    const inDirectory = await rejection(findInputFiles([root], csv));
    const direct = await rejection(findInputFiles([join(root, 'a.csv')], csv));

    // Assess
    expect(inDirectory.message).to.equal(
      `${join(root, 'a.csv')}: a symlink loop (the link leads back to itself)`,
    );
    expect(direct.message).to.equal(`${join(root, 'a.csv')}: a symlink loop (the link leads back to itself)`);
  });

  it('refuses a FIFO with an input name, found or named, and a device named directly', async () => {
    // Prepare: reading a FIFO would wait forever
    const fifo = join(root, '111122223333.csv');
    execFileSync('mkfifo', [fifo]);
    write(join(root, 'other', 'notes'));
    execFileSync('mkfifo', [join(root, 'other', 'pipe')]);

    // Act
    const found = await rejection(findInputFiles([root], csv));
    const named = await rejection(findInputFiles([fifo], csv));
    const device = await rejection(findInputFiles(['/dev/null'], csv));
    const otherName = await findInputFiles([join(root, 'other')], csv);

    // Assess
    expect(found.message).to.equal(`${fifo}: a FIFO, not a regular file; give the file itself`);
    expect(named.message).to.equal(`${fifo}: a FIFO, not a regular file; give the file itself`);
    expect(device.message).to.equal('/dev/null: a device, not a regular file; give the file itself');
    expect(otherName, 'what is not named like an input is left alone, as any other file').to.deep.equal([]);
  });

  it('refuses a path that does not exist', async () => {
    const error = await rejection(findInputFiles([join(root, 'nowhere')], csv));
    expect(error.message).to.equal(`${join(root, 'nowhere')}: no such file or directory`);
  });
});
