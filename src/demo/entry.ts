import type { KubeObject } from './world';

/**
 * One object as the store holds it: its metadata for selectors and metadata-only answers, the object itself, and
 * its JSON, serialised at most once (a real apiserver's watch cache also keeps encoded objects around).
 */
export interface StoredEntry {
  readonly metadata: KubeObject['metadata'];
  /** The object; shared for plain entries, so callers must not mutate it. */
  object(): KubeObject;
  /** The object as JSON. */
  json(): string;
  /** The object as UTF-8 JSON, what list pages are written from. */
  bytes(): Buffer;
}

/** An object written through the API or a scenario; its JSON is computed on first use and kept. */
export class PlainEntry implements StoredEntry {
  private text: string | undefined;
  private utf8: Buffer | undefined;
  constructor(private readonly obj: KubeObject) {}
  get metadata(): KubeObject['metadata'] {
    return this.obj.metadata;
  }
  object(): KubeObject {
    return this.obj;
  }
  json(): string {
    return (this.text ??= JSON.stringify(this.obj));
  }
  bytes(): Buffer {
    return (this.utf8 ??= Buffer.from(this.json()));
  }
}

/**
 * An object whose JSON is rendered on demand from shared parts (the bulk population), so thousands of large
 * workflows cost little memory; `object()` parses a fresh copy each time.
 */
export class RenderedEntry implements StoredEntry {
  constructor(
    readonly metadata: KubeObject['metadata'],
    private readonly render: () => Buffer,
  ) {}
  object(): KubeObject {
    return JSON.parse(this.json()) as KubeObject;
  }
  json(): string {
    return this.render().toString('utf8');
  }
  bytes(): Buffer {
    return this.render();
  }
}
