/** A new Web Worker running worker.ts (see spawn-worker.js). */
export declare function spawnEngineWorker(): Worker;
