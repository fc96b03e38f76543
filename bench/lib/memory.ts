// Memory while an operation runs: the process's RSS and V8 heap sampled on a timer, against a
// baseline taken after a full garbage collection, plus what stays on the heap afterwards.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;
const SAMPLE_INTERVAL_MS = 20;

// `npm run bench` runs under tsx without --expose-gc; V8 lets a process turn it on for itself.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface MemoryUse {
  /** Highest RSS seen while the operation ran, above the baseline. */
  peakRssGrowthMb: number;
  /** Highest heap in use while the operation ran, above the baseline. */
  peakHeapGrowthMb: number;
  /** Heap still in use after the operation and a full collection, above the baseline. */
  retainedHeapMb: number;
}

export async function measureMemory<T>(operation: () => Promise<T>): Promise<{ result: T; memory: MemoryUse }> {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  try {
    const result = await operation();
    sample();
    gc();
    const after = process.memoryUsage();
    return {
      result,
      memory: {
        peakRssGrowthMb: (peakRss - before.rss) / MB,
        peakHeapGrowthMb: (peakHeap - before.heapUsed) / MB,
        retainedHeapMb: (after.heapUsed - before.heapUsed) / MB,
      },
    };
  } finally {
    clearInterval(timer);
  }
}
