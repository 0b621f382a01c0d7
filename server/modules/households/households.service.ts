/**
 * 一户一档: household files and their members — the module's use cases, one file per group:
 * views (masked), search (scoped finders, list, figures), edit (fields, archive), members (people and
 * moves), reveal (audited), revert (history and timeline), regrid (grid split and merge).
 * Other modules import from here; the files import each other directly.
 */
export * from './households.views.js';
export * from './households.search.js';
export * from './households.edit.js';
export * from './households.members.js';
export * from './households.reveal.js';
export * from './households.revert.js';
export * from './households.regrid.js';
export * from './households.parties.js';
export * from './households.tagcounts.js';
