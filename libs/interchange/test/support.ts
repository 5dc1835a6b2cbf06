import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseLabelStudioConfig } from '../src';

/** The review fixtures: a labeling config and a Label Studio JSON export made with it. */
export const reviewConfig = () =>
  parseLabelStudioConfig(readFileSync(path.join(__dirname, 'fixtures/review-config.xml'), 'utf8'));
export const reviewExport = (): Record<string, unknown>[] =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures/review-export.json'), 'utf8'));
