// aws-local-stepfunctions calls Promise.withResolvers (Node 22) while it runs an execution; the tests
// and the benchmark run on Node 20, which lacks it. Call this before running a local execution.
declare global {
  interface PromiseConstructor {
    withResolvers<T>(): {
      promise: Promise<T>;
      resolve: (value: T) => void;
      reject: (reason?: unknown) => void;
    };
  }
}

/** Installs Promise.withResolvers where the runtime lacks it; a no-op on Node 22 and later. */
export function installPromiseWithResolvers(): void {
  if (typeof Promise.withResolvers === 'function') return;
  Promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    return { promise, resolve, reject };
  };
}
