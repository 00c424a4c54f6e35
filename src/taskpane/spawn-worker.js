// The engine's Web Worker, created where webpack 5 recognises it (`new Worker(new URL(…, import.meta.url))`) and
// bundles worker.ts as a chunk of its own. Plain JavaScript because `import.meta` is not allowed by the project's
// TypeScript settings (CommonJS modules for the command line and the tests); spawn-worker.d.ts gives its type.
export function spawnEngineWorker() {
  return new Worker(new URL('./worker.ts', import.meta.url), { name: 'budget-review-engine' });
}
