// Loaded with `node --import` into a measured process: at exit it writes the process's own resource
// usage (CPU of every thread, DuckDB's included, and the peak RSS) to the file the benchmark names.
// Node cannot read a child's rusage, so the child reports it. Plain JavaScript: nothing to compile.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.CT_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        peakRssBytes: usage.maxRSS * 1024,
      }),
    );
  });
}
