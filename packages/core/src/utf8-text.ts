/**
 * The text of a file the tracker reads (a credential report, an inventory): strict UTF-8, so a
 * UTF-16 or binary file is refused rather than read with replacement characters, and one leading
 * BOM dropped (an artefact of how the file was saved; a second one is a character of the file).
 * Undefined when the bytes are not UTF-8: the caller names the file in its own error.
 */
export function strictUtf8Text(input: string | Uint8Array): string | undefined {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    return undefined;
  }
}
