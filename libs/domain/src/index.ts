export * from './dates.js';
export * from './events/catalogue.js';
export * from './policy.js';
export * from './timeline.js';
export * from './decide.js';
export * from './rules/flag.js';
export * from './rules/catalogue.js';
export * from './rules/evaluate.js';
