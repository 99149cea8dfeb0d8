// The email an account's owner gets with its review: what the review is, what to do (approve, or flag
// a user for removal with the review tag), the totals, and the review itself attached as HTML and CSV.
import { REVIEW_REVOKE_VALUE, REVIEW_TAG_KEY } from '@credential-tracker/core/inventory';
import { escapeHtml } from '@credential-tracker/core/render';
import { reviewFileName, type AccessReview } from '@credential-tracker/review';
import { buildMimeMessage, type MimeAttachment } from './mime.js';
import type { RecipientSource } from './recipients.js';

/** SES's limit on a raw message, attachments and encoding included, is 10 MB: this leaves room. */
export const MAX_RAW_MESSAGE_BYTES = 10_000_000;

export interface ReviewDocuments {
  readonly csv: string;
  readonly html: string;
  /** Where they are stored: s3://bucket/reviews/... */
  readonly csvUri: string;
  readonly htmlUri: string;
}

/** Which of the review's files travel with the email: both, the CSV alone, or neither (too large). */
export type AttachedFiles = 'html_and_csv' | 'csv' | 'none';

export interface ReviewEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

const WHY: Readonly<Record<RecipientSource, string>> = {
  account_contact: 'the review contact configured for this account',
  default_contact: 'the review contact configured for every account without its own',
  organizations: "the account's email address in AWS Organizations",
};

/** The totals as one line of words; unknown ones are left out. */
function glance(review: AccessReview): string {
  const t = review.totals;
  return [
    plural(t.users, 'user'),
    `${t.admin_equivalent} admin-equivalent`,
    ...(t.console_without_mfa === null
      ? []
      : [`${t.console_without_mfa} with a console password and no MFA`]),
    `${plural(t.active_access_keys, 'active access key')}`,
    ...(t.with_open_findings === null ? [] : [`${t.with_open_findings} with open findings`]),
    `${t.flagged_for_revoke} already flagged for ${REVIEW_REVOKE_VALUE}`,
  ].join(', ');
}

// The email lists this many of the review's notes; the page has all of them.
const LISTED_NOTES = 5;

function listedNotes(notes: readonly string[]): string[] {
  const more = notes.length - LISTED_NOTES;
  return more > 0 ? [...notes.slice(0, LISTED_NOTES), `and ${more} more on the review page`] : [...notes];
}

function attachedText(review: AccessReview, attached: AttachedFiles, documents: ReviewDocuments): string[] {
  const html = reviewFileName(review, 'html');
  const csv = reviewFileName(review, 'csv');
  switch (attached) {
    case 'html_and_csv':
      return [
        `Attached: ${html} (the review page, opens in any browser without network) and ${csv} (the same table for a spreadsheet).`,
      ];
    case 'csv':
      return [
        `Attached: ${csv}. The review page was too large to attach: it is stored at ${documents.htmlUri}; ask your security team for a copy.`,
      ];
    case 'none':
      return [
        `The review was too large to attach: it is stored at ${documents.htmlUri} and ${documents.csvUri}; ask your security team for a copy.`,
      ];
  }
}

/** The subject, text and HTML of the email of one account's review. */
export function renderReviewEmail(
  review: AccessReview,
  recipient: RecipientSource,
  attached: AttachedFiles,
  documents: ReviewDocuments,
): ReviewEmail {
  const account = review.account_id;
  const command = `aws iam tag-user --user-name USER_NAME --tags Key=${REVIEW_TAG_KEY},Value=${REVIEW_REVOKE_VALUE}`;
  const page = attached === 'html_and_csv' ? `the attached ${reviewFileName(review, 'html')}` : 'the review';
  const subject = `Access review of AWS account ${account} (inventory of ${review.date}): ${plural(review.totals.users, 'IAM user')} to review`;
  const steps = [
    `Open ${page} and check that each of the ${plural(review.totals.users, 'IAM user')} still needs its access: its groups, its policies (admin-equivalent ones first), its console password and its access keys.`,
    `To approve, sign the page's "Reviewed by" line and keep it as the record of the review, as your review process asks.`,
    `To ask for a user's removal, tag the user ${REVIEW_TAG_KEY} = ${REVIEW_REVOKE_VALUE} in account ${account}; credential-tracker acts on the tag at its next daily run: it removes the user's console password and deactivates its access keys, and keeps the user.`,
  ];
  const intro = `This is the access review of AWS account ${account}, from its IAM inventory of ${review.date}. You receive it as ${WHY[recipient]}.`;
  const attachedLines = attachedText(review, attached, documents);
  const notes = listedNotes(review.notes);
  const text = [
    intro,
    '',
    'What to do:',
    ...steps.map((step, index) => `${index + 1}. ${step}`),
    `   ${command}`,
    '',
    `At a glance: ${glance(review)}.`,
    ...(notes.length > 0 ? ['', 'Notes:', ...notes.map((note) => `- ${note}`)] : []),
    '',
    ...attachedLines,
    '',
    '-- credential-tracker',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.45; max-width: 720px;">
<p>${escapeHtml(intro)}</p>
<h2 style="font-size: 1.1em;">What to do</h2>
<ol>
<li>${escapeHtml(steps[0] as string)}</li>
<li>${escapeHtml(steps[1] as string)}</li>
<li>${escapeHtml(steps[2] as string)}<pre style="background: #f4f4f4; padding: 6px 8px; overflow-x: auto;">${escapeHtml(command)}</pre></li>
</ol>
<p><strong>At a glance:</strong> ${escapeHtml(glance(review))}.</p>
${notes.length > 0 ? `<p><strong>Notes:</strong></p>\n<ul>\n${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('\n')}\n</ul>\n` : ''}${attachedLines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p style="color: #666;">credential-tracker</p>
</body></html>
`;
  return { subject, text, html };
}

export interface RawReviewEmail {
  readonly raw: string;
  readonly attached: AttachedFiles;
}

/**
 * The raw message for SendRawEmail, with as many of the review's files attached as fit in SES's
 * limit: both, else the CSV alone (it is much smaller), else none, the email then saying where they are.
 */
export function buildReviewMessage(
  review: AccessReview,
  documents: ReviewDocuments,
  envelope: { readonly from: string; readonly to: string; readonly source: RecipientSource },
  maxBytes = MAX_RAW_MESSAGE_BYTES,
): RawReviewEmail {
  const html: MimeAttachment = {
    filename: reviewFileName(review, 'html'),
    contentType: 'text/html',
    content: documents.html,
  };
  const csv: MimeAttachment = {
    filename: reviewFileName(review, 'csv'),
    contentType: 'text/csv',
    content: documents.csv,
  };
  const choices: readonly [AttachedFiles, readonly MimeAttachment[]][] = [
    ['html_and_csv', [html, csv]],
    ['csv', [csv]],
    ['none', []],
  ];
  let raw = '';
  for (const [attached, attachments] of choices) {
    const email = renderReviewEmail(review, envelope.source, attached, documents);
    raw = buildMimeMessage({ from: envelope.from, to: envelope.to, ...email, attachments });
    if (Buffer.byteLength(raw) <= maxBytes) return { raw, attached };
  }
  // Without attachments a review's email is a few KB: only an absurd limit gets here.
  throw new Error(`the review's email is ${Buffer.byteLength(raw)} bytes even without attachments`);
}
