export * from './projection.js';
export * from './projection-runner.js';
export * from './subject-timeline.projection.js';
export * from './timeline-reader.js';
export * from './checkpoints.js';
export * from './read-model/entities.js';
export * from './read-model/data-source.js';
export * from './forget-subject.js';
