/** The simulated cluster's time: real (optionally sped up) or manual (tests step it). */
export interface Clock {
  now(): Date;
}

export class RealClock implements Clock {
  private readonly startedReal = Date.now();
  constructor(private readonly speed = 1) {}
  now(): Date {
    return new Date(this.startedReal + (Date.now() - this.startedReal) * this.speed);
  }
}

export class ManualClock implements Clock {
  private t: number;
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
