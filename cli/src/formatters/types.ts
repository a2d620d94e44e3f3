import type { FileReport } from '../report';

export interface FormatContext {
  cwd: string;
  /** ANSI colours (stylish only). */
  color: boolean;
  /** Effective severity of each rule in this run, by full rule id ("idempotency/no-increment-write"). */
  severities: ReadonlyMap<string, 'off' | 'warn' | 'error'>;
}

export type Formatter = (reports: readonly FileReport[], context: FormatContext) => string;
