import { FORMAT_NAME, FORMAT_VERSION, type PathValues, type RecordedValue, type Recording, type StreamEvent } from './format';

/**
 * Builds a recording from whole snapshots of services, as a recorder on the bus would have seen them:
 * only values that differ from the last ones become change lines. Used to write recordings from models.
 */
export class RecordingBuilder {
  private readonly present = new Map<string, Map<string, RecordedValue>>();
  private readonly events: StreamEvent[] = [];
  private readonly services: Record<string, PathValues>;

  constructor(
    private readonly start: Date,
    initial: Readonly<Record<string, PathValues>>,
  ) {
    this.services = { ...initial };
    for (const [service, values] of Object.entries(initial)) this.present.set(service, new Map(Object.entries(values)));
  }

  isPresent(service: string): boolean {
    return this.present.has(service);
  }

  /** Records each path of `values` that changed (or is new) since the service's last values. */
  update(t: number, service: string, values: PathValues): void {
    const last = this.present.get(service);
    if (!last) throw new Error(`${service} is not present at ${t} ms`);
    for (const [path, value] of Object.entries(values)) {
      if (last.has(path) && last.get(path) === value) continue;
      last.set(path, value);
      this.events.push({ t, service, path, value });
    }
  }

  appear(t: number, service: string, values: PathValues): void {
    if (this.present.has(service)) throw new Error(`${service} is already present at ${t} ms`);
    this.present.set(service, new Map(Object.entries(values)));
    this.events.push({ t, service, appeared: { ...values } });
  }

  vanish(t: number, service: string): void {
    if (!this.present.delete(service)) throw new Error(`${service} is not present at ${t} ms`);
    this.events.push({ t, service, vanished: true });
  }

  build(): Recording {
    return {
      header: { format: FORMAT_NAME, version: FORMAT_VERSION, start: this.start.toISOString(), services: this.services },
      events: [...this.events],
    };
  }
}
