import { createHash } from 'node:crypto';
import { zipSync, type ZipOptions } from 'fflate';

// The earliest time a zip can hold. fflate encodes mtime with local-time getters, so the Date is built
// in local time: the stored DOS time is then 1980-01-01 00:00 whatever the machine's time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

// Unix (os 3), regular file, rw-r--r--: what Lambda needs to read the file, the same on every machine.
const UNIX = 3;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

const ENTRY_OPTIONS: ZipOptions = { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs: REGULAR_FILE_0644 };

/**
 * A zip whose bytes depend only on the files' names and contents: entries in name order, fixed times
 * and attributes. Terraform compares source_code_hash, so an unchanged function is not redeployed.
 */
export function deterministicZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const names = [...files.keys()].sort();
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const name of names) entries[name] = [files.get(name) as Uint8Array, ENTRY_OPTIONS];
  return zipSync(entries);
}

/** Base64 SHA-256, the form of Terraform's filebase64sha256() and a Lambda's source_code_hash. */
export function base64Sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
