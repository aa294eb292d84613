export * from './schema.js';
export * from './segments.js';
export * from './validate.js';
export * from './link-params.js';
export * from './addressing.js';
export * from './link-params-schema.js';
export * from './link-edits.js';
export * from './problems.js';
