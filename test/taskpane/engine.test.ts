/**
 * The engine as the pane calls it: in a worker (engine/client.ts, here with a worker that answers from the same
 * code the real one runs, a macrotask later) and in the page (engine/inline.ts). Both give the same views, report the
 * stages they reach, and stop on Cancel: the worker is terminated and the next request gets a fresh one.
 */
import * as path from 'path';
import { readWorkbookSnapshot } from '../../src/hosts/excel';
import { workerEngine, type WorkerLike } from '../../src/taskpane/engine/client';
import { inlineEngine } from '../../src/taskpane/engine/inline';
import {
  EngineCancelled,
  type EngineMessage,
  type EngineRequest,
  type EngineStage,
} from '../../src/taskpane/engine/protocol';
import { runEngine } from '../../src/taskpane/engine/run';
import { loadXlsx } from '../support/excel-sim/node';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');

/** A worker that runs `runEngine` a macrotask after each message, through structured clone both ways. */
class FakeWorker implements WorkerLike {
  static spawned: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<EngineMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  constructor() {
    FakeWorker.spawned.push(this);
  }

  postMessage(message: EngineRequest): void {
    const request = structuredClone(message);
    setTimeout(() => {
      if (this.terminated) return;
      const send = (m: EngineMessage) => {
        if (!this.terminated) this.onmessage?.({ data: structuredClone(m) } as MessageEvent<EngineMessage>);
      };
      const result = runEngine(request, (stage) => send({ id: request.id, type: 'stage', stage }));
      send({ id: request.id, type: 'done', result });
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

async function input() {
  const sim = await loadXlsx(SAMPLE);
  const snapshot = await readWorkbookSnapshot(sim.run);
  return { snapshot, settings: {}, lang: 'zh-CN' as const };
}

beforeEach(() => {
  FakeWorker.spawned = [];
});

it('gives the same check and report in a worker as in the page, with their stages', async () => {
  const request = await input();
  const worker = workerEngine(() => new FakeWorker());
  const stages: EngineStage[] = [];
  const viaWorker = await worker.report(request, { onStage: (s) => stages.push(s) });
  const inPage = await inlineEngine().report(request);
  expect(stages).toEqual(['checking', 'planning']);
  expect(viaWorker).toEqual(JSON.parse(JSON.stringify(inPage)));
  expect(viaWorker.check.findings.length).toBeGreaterThan(0);
  expect(viaWorker.check.totals.available).toMatch(/^\d/);
  expect(await worker.check(request)).toEqual(viaWorker.check);
  expect(FakeWorker.spawned).toHaveLength(1); // one worker for both requests
});

it('stops on Cancel: the worker is terminated, and the next request starts a new one', async () => {
  const request = await input();
  const worker = workerEngine(() => new FakeWorker());
  const abort = new AbortController();
  const running = worker.check(request, { signal: abort.signal });
  abort.abort();
  await expect(running).rejects.toBeInstanceOf(EngineCancelled);
  expect(FakeWorker.spawned[0].terminated).toBe(true);
  await worker.check(request);
  expect(FakeWorker.spawned).toHaveLength(2);
});

it('stops in the page too', async () => {
  const abort = new AbortController();
  const running = inlineEngine().check(await input(), { signal: abort.signal });
  abort.abort();
  await expect(running).rejects.toBeInstanceOf(EngineCancelled);
});
