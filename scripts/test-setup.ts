// Loaded by mocha before any test (see .mocharc.json). Tests must never reach AWS or the internet:
// clear credentials and point the SDK's default region at a value no test relies on implicitly.
for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
  delete process.env[name];
}
