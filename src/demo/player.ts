import type { Clock } from './clock';
import type { Scenario, ScenarioStep, WorldWriter } from './world';

interface Due {
  at: number;
  apply: (w: WorldWriter) => void;
  seq: number;
}

/**
 * Plays scenarios against the world in simulated time. Each scenario starts at once and, after its last step and
 * a pause, starts again (its steps name new objects per run), so the demo cluster keeps failing realistically.
 */
export class ScenarioPlayer {
  private queue: Due[] = [];
  private seq = 0;

  constructor(
    private readonly world: WorldWriter,
    private readonly clock: Clock,
    private readonly onError: (e: unknown) => void,
    private readonly pauseMs = 20_000,
  ) {}

  start(scenarios: readonly Scenario[]): void {
    for (const s of scenarios) this.scheduleRun(s, this.clock.now().getTime());
    this.tick();
  }

  /** Schedules a one-off action (used by the server's tiny controller, e.g. for resubmitted workflows). */
  at(atMs: number, apply: (w: WorldWriter) => void): void {
    this.queue.push({ at: atMs, apply, seq: this.seq++ });
  }

  /** Applies every step whose time has come, in time order. */
  tick(): void {
    const now = this.clock.now().getTime();
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > now) return;
      this.queue.shift();
      try {
        next.apply(this.world);
      } catch (e) {
        this.onError(e);
      }
    }
  }

  private scheduleRun(s: Scenario, startMs: number): void {
    let steps: ScenarioStep[];
    try {
      steps = s.steps(new Date(startMs));
    } catch (e) {
      this.onError(e);
      return;
    }
    let last = startMs;
    for (const step of steps) {
      this.at(startMs + step.atMs, step.apply);
      last = Math.max(last, startMs + step.atMs);
    }
    this.at(last + this.pauseMs, () => this.scheduleRun(s, last + this.pauseMs));
  }
}
