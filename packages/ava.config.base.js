// Shared ava setup: TypeScript tests run through tsx. ava 7 with a loader needs child
// processes instead of worker threads.
export default {
  files: ['test/**/*.test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  workerThreads: false,
  timeout: '60s',
};
