/**
 * The task pane's Web Worker: runs the engine (the check, the narrative and the plan) off the UI thread. It receives
 * one request at a time from engine/client.ts and answers with the stages it reaches and the result.
 */
import type { EngineMessage, EngineRequest } from './engine/protocol';
import { runEngine } from './engine/run';

/** The worker's global scope, as much of it as is used here. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<EngineRequest>) => void) | null;
  postMessage(message: EngineMessage): void;
};

scope.onmessage = (event) => {
  const request = event.data;
  try {
    const result = runEngine(request, (stage) => scope.postMessage({ id: request.id, type: 'stage', stage }));
    scope.postMessage({ id: request.id, type: 'done', result });
  } catch (err) {
    scope.postMessage({
      id: request.id,
      type: 'failed',
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
