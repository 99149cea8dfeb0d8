// Loaded by mocha before any test (see .mocharc.json). Tests must never reach AWS or the internet:
// clear any real credentials, so an SDK client that escaped its test double fails instead of reaching AWS.
for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
  delete process.env[name];
}

// Handlers log through Powertools; the tests assert on results, and JSON log lines would bury
// mocha's report. Set POWERTOOLS_LOG_LEVEL=DEBUG to see them while debugging a test.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
