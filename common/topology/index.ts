export * from './schema.js';
export * from './segments.js';
export * from './validate.js';
