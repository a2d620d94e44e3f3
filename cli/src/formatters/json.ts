/** ESLint's `json` format: one result per linted file, notices included as messages with ruleId null. */
import { allMessages, totals } from '../report';
import type { Formatter } from './types';

export const formatJson: Formatter = (reports) => {
  const results = reports.map((report) => {
    const messages = allMessages(report);
    return {
      filePath: report.filePath,
      messages,
      suppressedMessages: [],
      ...totals(messages),
      usedDeprecatedRules: [],
    };
  });
  return `${JSON.stringify(results)}\n`;
};
