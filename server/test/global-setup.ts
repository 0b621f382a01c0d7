/**
 * Vitest global setup: builds the migrated template once per run (see template.ts) and removes it
 * when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { buildTemplate } from './template.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await buildTemplate();
  project.provide('tingsuTemplate', template.ref);
  return () => template.remove();
}
