// Expert review (issue #5). Public face of the module: other code imports only this file.
export * from './assignment/index.ts';
