// A one-line progress bar in plain text, redrawn with \r by the caller.

const width = 30;

export function progressBar(label: string, done: number, total: number): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  const percent = `${Math.round(fraction * 100)}`.padStart(3);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}% ${done}/${total}`;
}
