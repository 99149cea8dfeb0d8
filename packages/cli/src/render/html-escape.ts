// Moved to @credential-tracker/core/render, which the access review shares; re-exported for the CLI's
// importers.
export { escapeHtml } from '@credential-tracker/core/render';
