/** Where the recorder reads the time each event is recorded at (a test or an import sets it by hand). */
export interface RecorderClock {
  now(): Date;
}
