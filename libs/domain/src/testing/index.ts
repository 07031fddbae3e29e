export * from './facts.js';
export * from './decider.js';
export * from './rules.js';
export * from './examples.js';
