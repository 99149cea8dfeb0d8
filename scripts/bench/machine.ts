import { cpus, platform, release, totalmem } from 'node:os';

/** One line naming what the numbers were measured on; they mean little without it. */
export function describeMachine(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `Node ${process.version} on ${platform()} ${release()}, ${processors.length} × ${model}, ${memory} GiB RAM`;
}
