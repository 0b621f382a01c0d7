/**
 * Progress for long command-line work: a rewriting line on a terminal, a line per 10% otherwise
 * (CI logs, pipes). Written to stderr so stdout stays clean for results (an API key, JSON).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const last = new Map<string, number>();
  const started = new Map<string, number>();
  return (stage: string, done: number, total: number) => {
    if (!started.has(stage)) started.set(stage, Date.now());
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const secs = ((Date.now() - started.get(stage)!) / 1000).toFixed(1);
    const text = `${stage}: ${done}/${total || '?'} (${pct}%) ${secs}s`;
    if (stream.isTTY) {
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}   `);
      if (done >= total) stream.write('\n');
      return;
    }
    const step = Math.floor(pct / 10);
    if (last.get(stage) === step && done < total) return;
    last.set(stage, step);
    stream.write(text + '\n');
  };
}
