// A MIME message for SES SendRawEmail (SendEmail cannot attach files): a text and an HTML body as
// alternatives, then the attachments, every part base64 with CRLF line ends.
import { randomBytes } from 'node:crypto';

export interface MimeAttachment {
  readonly filename: string;
  /** e.g. text/html; charset=utf-8 is added for text/* types. */
  readonly contentType: string;
  readonly content: string | Uint8Array;
}

export interface MimeMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly MimeAttachment[];
}

const CRLF = '\r\n';

/** A header value must stay on its line: an address or subject with a line break is refused. */
function headerValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`the ${name} header holds a line break`);
  return value;
}

/** RFC 2047 encoded-word for a header with non-ASCII text; ASCII text as it is. */
export function encodeHeaderText(text: string): string {
  // Printable ASCII only goes as is.
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** Base64 in lines of 76 characters, as MIME requires. */
export function base64Lines(content: string | Uint8Array): string {
  const encoded = (
    typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)
  ).toString('base64');
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += 76) lines.push(encoded.slice(start, start + 76));
  return lines.join(CRLF);
}

const withCharset = (contentType: string): string =>
  contentType.startsWith('text/') && !/charset=/i.test(contentType)
    ? `${contentType}; charset=utf-8`
    : contentType;

// A filename of the review is ASCII (an account id and a date); anything else is replaced.
const safeFilename = (filename: string): string => filename.replace(/[^\w.-]/g, '_');

/**
 * The raw message: multipart/mixed of a multipart/alternative (text, HTML) and the attachments.
 * Boundaries are random, and base64 lines can never start with "--", so no body can end a part.
 */
export function buildMimeMessage(
  message: MimeMessage,
  boundarySeed = randomBytes(12).toString('hex'),
): string {
  const mixed = `ct-mixed-${boundarySeed}`;
  const alternative = `ct-alt-${boundarySeed}`;
  const lines = [
    `From: ${headerValue('From', message.from)}`,
    `To: ${headerValue('To', message.to)}`,
    `Subject: ${headerValue('Subject', encodeHeaderText(message.subject))}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${alternative}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${alternative}--`,
  ];
  for (const attachment of message.attachments) {
    const filename = safeFilename(attachment.filename);
    lines.push(
      `--${mixed}`,
      `Content-Type: ${withCharset(attachment.contentType)}; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(attachment.content),
    );
  }
  lines.push(`--${mixed}--`, '');
  return lines.join(CRLF);
}
