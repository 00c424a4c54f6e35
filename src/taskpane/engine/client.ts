/**
 * The engine in a Web Worker (worker.ts), so that a check of a large workbook never blocks the pane: the UI thread
 * keeps answering clicks and repainting progress, and Office does not restart an add-in that stops responding.
 * Reading and writing the workbook stay on the page, where Office.js is.
 *
 * One worker at a time. Cancelling terminates it (synchronous engine code cannot be interrupted any other way) and
 * the next request starts a fresh one. The worker is created by `spawn`, given by the pane's entry (index.tsx),
 * which is where webpack sees `new Worker(new URL('./worker.ts', import.meta.url))`.
 */
import {
  EngineCancelled,
  type CheckView,
  type Engine,
  type EngineInput,
  type EngineMessage,
  type EngineRequest,
  type ReportView,
  type RunControl,
} from './protocol';

/** What the client needs of a `Worker`. */
export interface WorkerLike {
  postMessage(message: EngineRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<EngineMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export function workerEngine(spawn: () => WorkerLike): Engine {
  let worker: WorkerLike | undefined;
  let ids = 0;
  const run = (kind: 'check' | 'report', input: EngineInput, control: RunControl = {}) =>
    new Promise<CheckView | ReportView>((resolve, reject) => {
      if (control.signal?.aborted) {
        reject(new EngineCancelled());
        return;
      }
      const id = ++ids;
      const current = worker ?? spawn();
      worker = current;
      const finish = (): void => {
        control.signal?.removeEventListener('abort', abort);
        current.onmessage = null;
        current.onerror = null;
      };
      const abort = (): void => {
        finish();
        current.terminate();
        if (worker === current) worker = undefined;
        reject(new EngineCancelled());
      };
      control.signal?.addEventListener('abort', abort);
      current.onmessage = (event) => {
        const message = event.data;
        if (message.id !== id) return;
        if (message.type === 'stage') {
          control.onStage?.(message.stage);
        } else if (message.type === 'done') {
          finish();
          resolve(message.result);
        } else {
          finish();
          reject(new Error(message.message));
        }
      };
      current.onerror = (event) => {
        finish();
        current.terminate();
        if (worker === current) worker = undefined;
        reject(new Error(event.message || 'the engine stopped'));
      };
      current.postMessage({ id, kind, ...input });
    });
  return {
    check: async (input, control) => (await run('check', input, control)) as CheckView,
    report: async (input, control) => (await run('report', input, control)) as ReportView,
  };
}
