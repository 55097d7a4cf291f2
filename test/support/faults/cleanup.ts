import type { ChildProcess } from 'node:child_process';

// Last-resort cleanup: whatever a fault test started dies with the jest worker, even when an
// afterAll never ran (a crash, a timeout). Regular cleanup happens in each helper's stop/destroy.

const children = new Set<ChildProcess>();
const exitHooks = new Set<() => void>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const hook of exitHooks) {
      try {
        hook();
      } catch {
        // Best effort at exit.
      }
    }
  });
}

export function trackChild(child: ChildProcess): void {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** A synchronous hook run when the test process exits; returns a function that removes it. */
export function onProcessExit(hook: () => void): () => void {
  install();
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}
