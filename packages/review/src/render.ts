import { renderReviewCsv } from './csv.js';
import { renderReviewHtml } from './html.js';
import type { AccessReview } from './review.js';

/** The review's outputs: the page an owner reads and signs, the CSV a spreadsheet or a script reads. */
export const REVIEW_FORMATS = ['html', 'csv'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export function renderReview(format: ReviewFormat, review: AccessReview): string {
  return format === 'csv' ? renderReviewCsv(review) : renderReviewHtml(review);
}
