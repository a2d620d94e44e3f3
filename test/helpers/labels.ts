import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LabelledFile {
  path: string;
  library: string;
  expect: { category: string; line: number; alt?: number }[];
  mustNotFlag: string[];
  notes?: string;
  consumers?: { callee: string; handlerArg: number; handlerMethod?: string }[];
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SHARED_EXAMPLES = path.resolve(REPO_ROOT, '../shared/examples');

export function readLabels(dir: string): LabelledFile[] {
  const file = path.join(dir, 'labels.json');
  if (!existsSync(file)) throw new Error(`labels not found: ${file}`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { files: LabelledFile[] }).files;
}
