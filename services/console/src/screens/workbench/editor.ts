import type { MutableRefObject } from 'react';
import type { Answer, TaskView } from '../../api/types';

/** Handles a key the workbench passed on; returns true when it used it. */
export type KeyHandler = (e: KeyboardEvent) => boolean;

/** What every answer editor gets: the task, the answer so far, and the workbench's key bus. */
export interface EditorProps<A extends Answer = Answer> {
  task: TaskView;
  value: A;
  onChange(a: A): void;
  keys: MutableRefObject<KeyHandler | null>;
}

/** "1".."9" → option index 0..8, else -1. */
export function digitIndex(e: KeyboardEvent): number {
  if (e.ctrlKey || e.metaKey || e.altKey) return -1;
  return /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
}
