'use strict';
/**
 * A stand-in for the `vscode` module, just enough to run dist/extension.js (and the
 * vscode-languageclient it bundles) in plain Node: the parts the extension's behaviour shows through
 * (output channel, language status item, commands, messages, progress, configuration, trust) are
 * recorded in `fake`; everything else is a universal stub that accepts any call.
 * Real VS Code runs are the editor tests' job (code-server); this checks the client's wiring.
 */
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

/** Any property, call or construction gives another stub; not thenable, iterates as empty. */
function stub(name = 'stub') {
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => `[${name}]`;
      if (key === 'toString') return () => `[${name}]`;
      if (key === 'dispose') return () => undefined;
      if (key === 'length') return 0;
      return stub(`${name}.${String(key)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

/** Wraps an object so that missing properties are stubs. */
function partial(name, object) {
  return new Proxy(object, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'then') return undefined;
      return stub(`${name}.${String(key)}`);
    },
  });
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i && i.dispose && i.dispose()));
  }
  dispose() {
    if (this.fn) this.fn();
    this.fn = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg) => {
      const bound = thisArg ? listener.bind(thisArg) : listener;
      this.listeners.add(bound);
      return new Disposable(() => this.listeners.delete(bound));
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  constructor(scheme, fsPath, href) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
    this.authority = '';
    this.query = '';
    this.fragment = '';
    this.href = href;
  }
  static file(p) {
    return new Uri('file', p, pathToFileURL(p).href);
  }
  static parse(value) {
    if (value.startsWith('file:')) return new Uri('file', fileURLToPath(value), value);
    const scheme = value.slice(0, value.indexOf(':'));
    return new Uri(scheme, value.slice(scheme.length + 1), value);
  }
  static joinPath(base, ...parts) {
    return Uri.file(path.join(base.fsPath, ...parts));
  }
  with() {
    return this;
  }
  toString() {
    return this.href;
  }
  toJSON() {
    return this.href;
  }
}

class CancellationTokenSource {
  constructor() {
    this.emitter = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose() {}
}

const fake = {
  output: [],
  statusItems: [],
  commands: new Map(),
  messages: [],
  progress: [],
  /** Quick picks the extension created (createQuickPick); `accept(item)` chooses an item as Enter would. */
  quickPicks: [],
  /** Documents the extension showed (showTextDocument): { uri, selection }. */
  shownDocuments: [],
  documents: [],
  trusted: false,
  /** Set by a test: the open folders ({ uri, name, index }). */
  workspaceFolders: undefined,
  settings: {},
  grantTrust: new EventEmitter(),
  configurationChanged: new EventEmitter(),
  openDocument: new EventEmitter(),
};

function document(file, languageId, text) {
  return { uri: Uri.file(file), fileName: file, languageId, version: 1, isClosed: false, isUntitled: false, getText: () => text, lineCount: text.split('\n').length };
}

function matches(selector, doc) {
  const filters = Array.isArray(selector) ? selector : [selector];
  return filters.some((f) => (typeof f === 'string' ? f === doc.languageId : (!f.language || f.language === doc.languageId) && (!f.scheme || f.scheme === doc.uri.scheme)))
    ? 10
    : 0;
}

function quickPick() {
  const accepted = new EventEmitter();
  const hidden = new EventEmitter();
  const pick = {
    items: [],
    selectedItems: [],
    activeItems: [],
    busy: false,
    visible: false,
    title: undefined,
    placeholder: undefined,
    matchOnDescription: false,
    matchOnDetail: false,
    onDidAccept: accepted.event,
    onDidHide: hidden.event,
    onDidChangeValue: new EventEmitter().event,
    onDidChangeActive: new EventEmitter().event,
    onDidChangeSelection: new EventEmitter().event,
    show: () => {
      pick.visible = true;
    },
    hide: () => {
      if (!pick.visible) return;
      pick.visible = false;
      hidden.fire();
    },
    dispose: () => undefined,
    accept: (item) => {
      pick.selectedItems = [item];
      accepted.fire();
    },
  };
  fake.quickPicks.push(pick);
  return pick;
}

function outputChannel(name) {
  const log = (level) => (message, ...args) => fake.output.push(`[${level}] ${message}${args.length ? ` ${args.map(String).join(' ')}` : ''}`);
  return partial('OutputChannel', {
    name,
    logLevel: 2,
    onDidChangeLogLevel: new EventEmitter().event,
    append: (text) => fake.output.push(text),
    appendLine: (text) => fake.output.push(text),
    replace: () => undefined,
    clear: () => undefined,
    show: () => fake.output.push('<shown>'),
    hide: () => undefined,
    dispose: () => undefined,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warning'),
    error: log('error'),
  });
}

const vscode = {
  version: '1.100.3',
  Disposable,
  EventEmitter,
  Uri,
  CancellationTokenSource,
  CancellationError: class CancellationError extends Error {},
  LanguageStatusSeverity: { Information: 0, Warning: 1, Error: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Range: class Range {
    constructor(a, b, c, d) {
      Object.assign(this, typeof a === 'number' ? { start: { line: a, character: b }, end: { line: c, character: d } } : { start: a, end: b });
    }
  },
  Position: class Position {
    constructor(line, character) {
      Object.assign(this, { line, character });
    }
  },
  Diagnostic: class Diagnostic {
    constructor(range, message, severity) {
      Object.assign(this, { range, message, severity });
    }
  },
  env: partial('env', { language: 'en', appName: 'Fake Code', machineId: 'fake', sessionId: 'fake', openExternal: async () => true }),
  window: partial('window', {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: partial('tabGroups', { all: [], onDidChangeTabs: new EventEmitter().event, onDidChangeTabGroups: new EventEmitter().event }),
    onDidChangeActiveTextEditor: new EventEmitter().event,
    onDidChangeVisibleTextEditors: new EventEmitter().event,
    createOutputChannel: (name) => outputChannel(name),
    showInformationMessage: async (message) => (fake.messages.push(['info', message]), undefined),
    showWarningMessage: async (message) => (fake.messages.push(['warning', message]), undefined),
    showErrorMessage: async (message) => (fake.messages.push(['error', message]), undefined),
    createQuickPick: () => quickPick(),
    showTextDocument: async (uri, options) => {
      fake.shownDocuments.push({ uri: String(uri), selection: options && options.selection });
      return partial('TextEditor', { revealRange: () => undefined });
    },
    withProgress: async (options, task) => {
      const record = { options, reports: [] };
      fake.progress.push(record);
      return task({ report: (value) => record.reports.push(value) }, new CancellationTokenSource().token);
    },
  }),
  workspace: partial('workspace', {
    get isTrusted() {
      return fake.trusted;
    },
    get workspaceFolders() {
      return fake.workspaceFolders;
    },
    get textDocuments() {
      return fake.documents;
    },
    notebookDocuments: [],
    asRelativePath: (target) => {
      const file = typeof target === 'string' ? target : target.fsPath;
      const folder = (fake.workspaceFolders || []).find((f) => file.startsWith(f.uri.fsPath + path.sep));
      return folder ? path.relative(folder.uri.fsPath, file).split(path.sep).join('/') : file;
    },
    onDidGrantWorkspaceTrust: fake.grantTrust.event,
    onDidChangeConfiguration: fake.configurationChanged.event,
    onDidOpenTextDocument: fake.openDocument.event,
    onDidCloseTextDocument: new EventEmitter().event,
    onDidChangeTextDocument: new EventEmitter().event,
    onDidSaveTextDocument: new EventEmitter().event,
    onWillSaveTextDocument: new EventEmitter().event,
    onDidChangeWorkspaceFolders: new EventEmitter().event,
    getConfiguration: (section) => {
      const values = section === 'idempotency' ? fake.settings : section && section.startsWith('idempotency.') ? fake.settings[section.slice(12)] ?? {} : {};
      return partial('configuration', {
        get: (key, fallback) => {
          const value = key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), values);
          return value === undefined ? fallback : value;
        },
        has: () => false,
        inspect: () => undefined,
        update: async () => undefined,
        ...values,
      });
    },
    createFileSystemWatcher: () => ({ onDidCreate: new EventEmitter().event, onDidChange: new EventEmitter().event, onDidDelete: new EventEmitter().event, dispose() {} }),
  }),
  languages: partial('languages', {
    match: (selector, doc) => matches(selector, doc),
    createLanguageStatusItem: (id, selector) => {
      const item = { id, selector, text: '', detail: undefined, severity: 0, busy: false, command: undefined, name: undefined, dispose() {} };
      fake.statusItems.push(item);
      return item;
    },
    createDiagnosticCollection: (name) => {
      const entries = new Map();
      fake.diagnostics = entries;
      return partial('DiagnosticCollection', {
        name,
        set: (uri, diagnostics) => entries.set(String(uri), diagnostics),
        delete: (uri) => entries.delete(String(uri)),
        get: (uri) => entries.get(String(uri)),
        has: (uri) => entries.has(String(uri)),
        clear: () => entries.clear(),
        forEach: (fn) => entries.forEach((v, k) => fn(Uri.parse(k), v)),
        dispose: () => entries.clear(),
      });
    },
  }),
  commands: partial('commands', {
    registerCommand: (id, handler) => {
      if (fake.commands.has(id)) throw new Error(`command '${id}' already exists`);
      fake.commands.set(id, handler);
      return new Disposable(() => fake.commands.delete(id));
    },
    executeCommand: async (id, ...args) => {
      const handler = fake.commands.get(id);
      if (!handler) throw new Error(`command '${id}' not found`);
      return handler(...args);
    },
  }),
};

module.exports = partial('vscode', vscode);
module.exports.__fake = fake;
module.exports.__document = document;
