// A one-line progress bar for long runs in a terminal (the backtest, the demo): plain text, redrawn
// in place with \r, only on a TTY, at most every 100 ms (a replay advances thousands of events a second).

const width = 30;
const redrawEveryMs = 100;

export function progressBar(label: string, done: number, total: number): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  const percent = `${Math.round(fraction * 100)}`.padStart(3);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}% ${done}/${total}`;
}

/** One line on `stream`, updated in place; nothing at all when the stream is not a terminal. */
export class ProgressLine {
  private readonly enabled: boolean;
  private drawnAt = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.enabled = stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = this.clock();
    if (this.drawn && done < total && now - this.drawnAt < redrawEveryMs) return;
    this.drawnAt = now;
    this.drawn = true;
    this.stream.write(`\r${progressBar(this.label, done, total)}`);
  }

  /** Ends the line, so what follows starts on a line of its own. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
