import type { ParsedDump } from './model';
import { contentLabel, dumpTopic, labelSample, type LabelText } from './topics';

/** A file's content label as {@link TopicMemo} remembers it: with the sample it was derived from (or that sample's digest). */
export interface RememberedLabel {
  file: string;
  sample: string;
  label: string | null;
}

/**
 * {@link dumpTopic} remembering the content labels of the last `files` dumps, by file: a dump
 * parsed again whose sampled text (the first titles and abstract openings, see `labelSample`) is
 * unchanged gets its label without it being derived again. With `digest`, only a digest of each
 * sample is held (a sample is up to ~1 MB of text), so many files can be remembered, and persisted.
 */
export class TopicMemo {
  private readonly labels = new Map<string, { sample: string; label: string | null }>();

  constructor(
    private readonly files = 8,
    private readonly digest: (sample: string) => string = (sample) => sample,
  ) {}

  /** The same as `dumpTopic(dump)`. */
  topic(dump: ParsedDump): string {
    return dumpTopic(dump, (entries) => this.label(dump.file, entries));
  }

  /** The labels remembered, the least recently used first. */
  remembered(): RememberedLabel[] {
    return [...this.labels].map(([file, { sample, label }]) => ({ file, sample, label }));
  }

  /** Remembers `labels` (as {@link remembered} gave them, with the same digest) as used before every label remembered now. */
  remember(labels: readonly RememberedLabel[]): void {
    const now = [...this.labels];
    this.labels.clear();
    for (const { file, sample, label } of labels) this.labels.set(file, { sample, label });
    for (const [file, known] of now) {
      this.labels.delete(file);
      this.labels.set(file, known);
    }
    this.trim();
  }

  private label(file: string, entries: readonly LabelText[]): string | null {
    const sample = this.digest(labelSample(entries));
    const known = this.labels.get(file);
    this.labels.delete(file);
    const label = known?.sample === sample ? known.label : contentLabel(entries);
    this.labels.set(file, { sample, label });
    this.trim();
    return label;
  }

  private trim(): void {
    while (this.labels.size > this.files) this.labels.delete(this.labels.keys().next().value!);
  }
}
