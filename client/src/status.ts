import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { StatusParams } from '../../server/src/protocol';

/** Languages the extension lints; also the language status item's selector. */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'] as const;

export const SHOW_OUTPUT_COMMAND = 'idempotency.showOutput';

const STATE_ICON: Record<StatusParams['state'], string> = {
  ok: '$(check)',
  warning: '$(warning)',
  error: '$(error)',
};

const STATE_SEVERITY: Record<StatusParams['state'], vscode.LanguageStatusSeverity> = {
  ok: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

export function problemsText(problems: number): string {
  return `${problems} ${problems === 1 ? 'problem' : 'problems'}`;
}

/** Formats the item's text, severity and detail; pure, so it can be checked without VS Code. */
export function describeStatus(params: StatusParams): { text: string; severity: vscode.LanguageStatusSeverity; detail: string } {
  const state = params.state in STATE_ICON ? params.state : 'ok';
  return {
    text: `${STATE_ICON[state]} Idempotency: ${problemsText(params.problems)}`,
    severity: STATE_SEVERITY[state],
    detail: params.message,
  };
}

/**
 * The language status item (the `{}` next to the language mode in the status bar) for JS/TS
 * documents: the client's state while the server is not running, then the server's
 * `idempotency/status` (state and problem count). Clicking it opens the output channel.
 */
export class IdempotencyStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  /** The extension starts the server as soon as it creates the item. */
  private clientState: State = State.Starting;
  private last: StatusParams | undefined;
  private enabled = true;

  constructor() {
    const selector: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    this.item = vscode.languages.createLanguageStatusItem('idempotency.status', selector);
    this.item.name = 'Idempotency';
    this.item.command = { title: 'Show Output', command: SHOW_OUTPUT_COMMAND, tooltip: 'Show the Idempotency output' };
    this.render();
  }

  setClientState(state: State): void {
    this.clientState = state;
    // A new server starts from scratch: forget the old one's report.
    if (state !== State.Running) this.last = undefined;
    this.render();
  }

  setStatus(params: StatusParams): void {
    this.last = params;
    this.render();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.busy = false;
    if (this.clientState === State.Starting) {
      item.text = '$(sync~spin) Idempotency: starting';
      item.detail = 'The language server is starting';
      item.severity = vscode.LanguageStatusSeverity.Information;
      item.busy = true;
    } else if (this.clientState === State.StartFailed) {
      item.text = '$(error) Idempotency: failed to start';
      item.detail = 'See the output for details; "Idempotency: Restart Server" tries again';
      item.severity = vscode.LanguageStatusSeverity.Error;
    } else if (this.clientState === State.Stopped) {
      item.text = '$(circle-slash) Idempotency: stopped';
      item.detail = '"Idempotency: Restart Server" starts it again';
      item.severity = vscode.LanguageStatusSeverity.Warning;
    } else if (!this.enabled) {
      item.text = '$(circle-slash) Idempotency: disabled';
      item.detail = 'idempotency.enable is false';
      item.severity = vscode.LanguageStatusSeverity.Information;
    } else if (this.last === undefined) {
      item.text = '$(check) Idempotency: running';
      item.detail = 'The language server is running';
      item.severity = vscode.LanguageStatusSeverity.Information;
    } else {
      const { text, severity, detail } = describeStatus(this.last);
      item.text = text;
      item.detail = detail;
      item.severity = severity;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
