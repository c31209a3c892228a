// A test worker (a vitest fork) whose run was killed outright (SIGKILL: the run had no chance to end
// it) loses its IPC channel: it ends then, its 'exit' handlers ending the SDK adapters it started,
// instead of running its current check on for nobody (probe 21: a worker and a hung adapter ran on for
// two minutes after the run was gone). Imported by the modules every worker loads; process-wide.
if (typeof process.send === 'function') process.once('disconnect', () => process.exit(1));
