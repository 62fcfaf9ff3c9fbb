// The app's structured log lines (src/core/log.ts) stay out of the test output; tests that check them listen in.
process.env.BACKSTAGE_FOR_COMPASS_LOG ??= 'silent';
