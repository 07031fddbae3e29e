/** The server's clock, injectable so imports and tests can record events on chosen days. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock moved by hand: the demo loader sets it to each event's recording time. */
export class ManualClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }

  set(date: Date | string): void {
    this.current = new Date(date);
  }

  now(): Date {
    return this.current;
  }
}
