/**
 * A structural check of the SARIF 2.1.0 we emit, written from the spec's object model (no schema
 * download). It covers what GitHub code scanning reads: the log and run envelope, tool.driver and
 * its rules, results and their locations, invocations' notifications and originalUriBaseIds.
 */
type Json = Record<string, unknown>;

const LEVELS = ['none', 'note', 'warning', 'error'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsoluteUri(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(uri);
}

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const message = (value: unknown, where: string) =>
    expect(isObject(value) && typeof value.text === 'string' && value.text.length > 0, `${where}.text must be a non-empty string`);

  if (!isObject(log)) return ['log must be an object'];
  expect(log.$schema === 'https://json.schemastore.org/sarif-2.1.0.json', '$schema must be the SARIF 2.1.0 schema URI');
  expect(log.version === '2.1.0', 'version must be "2.1.0"');
  if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...problems, 'runs must hold exactly one run'];
  const run: unknown = log.runs[0];
  if (!isObject(run)) return [...problems, 'runs[0] must be an object'];

  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
  if (!driver) return [...problems, 'runs[0].tool.driver is required'];
  expect(driver.name === 'idempotency-lint', 'driver.name must be "idempotency-lint"');
  expect(typeof driver.informationUri === 'string' && isAbsoluteUri(driver.informationUri), 'driver.informationUri must be an absolute URI');
  expect(typeof driver.version === 'string' && driver.version.length > 0, 'driver.version must be a string');
  const rules = Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
  expect(rules.length > 0, 'driver.rules must list the rules');
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const where = `driver.rules[${i}]`;
    if (!isObject(rule)) return expect(false, `${where} must be an object`);
    expect(typeof rule.id === 'string' && /^idempotency\/[a-z-]+$/.test(rule.id), `${where}.id must be "idempotency/<rule>"`);
    expect(!ids.has(String(rule.id)), `${where}.id must be unique`);
    ids.add(String(rule.id));
    message(rule.shortDescription, `${where}.shortDescription`);
    message(rule.fullDescription, `${where}.fullDescription`);
    expect(typeof rule.helpUri === 'string' && /^https:\/\//.test(rule.helpUri), `${where}.helpUri must be an https URI`);
    const config = rule.defaultConfiguration;
    expect(isObject(config) && LEVELS.includes(String(config.level)), `${where}.defaultConfiguration.level must be a SARIF level`);
  });

  const baseIds = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
  for (const [id, base] of Object.entries(baseIds)) {
    expect(
      isObject(base) && typeof base.uri === 'string' && base.uri.startsWith('file://') && base.uri.endsWith('/'),
      `originalUriBaseIds.${id}.uri must be an absolute file URI ending with "/"`,
    );
  }
  const location = (value: unknown, where: string) => {
    const physical = isObject(value) && isObject(value.physicalLocation) ? value.physicalLocation : undefined;
    if (!physical) return expect(false, `${where}.physicalLocation is required`);
    const artifact = physical.artifactLocation;
    if (!isObject(artifact) || typeof artifact.uri !== 'string') return expect(false, `${where} needs artifactLocation.uri`);
    expect(!artifact.uri.includes('\\'), `${where} uri must use forward slashes`);
    if (artifact.uriBaseId !== undefined) {
      expect(typeof artifact.uriBaseId === 'string' && artifact.uriBaseId in baseIds, `${where} uriBaseId must be declared in originalUriBaseIds`);
      expect(!isAbsoluteUri(artifact.uri) && !artifact.uri.startsWith('/'), `${where} uri must be relative to its uriBaseId`);
    } else {
      expect(isAbsoluteUri(artifact.uri), `${where} uri without uriBaseId must be absolute`);
    }
    const region = physical.region;
    if (region === undefined) return;
    if (!isObject(region)) return expect(false, `${where}.region must be an object`);
    const positive = (key: string) => region[key] === undefined || (Number.isInteger(region[key]) && (region[key] as number) >= 1);
    expect(Number.isInteger(region.startLine) && (region.startLine as number) >= 1, `${where}.region.startLine must be an integer >= 1`);
    for (const key of ['startColumn', 'endLine', 'endColumn']) expect(positive(key), `${where}.region.${key} must be an integer >= 1`);
    if (typeof region.endLine === 'number') expect(region.endLine >= (region.startLine as number), `${where}.region.endLine must be >= startLine`);
  };

  const results = Array.isArray(run.results) ? (run.results as unknown[]) : undefined;
  expect(results !== undefined, 'runs[0].results must be an array');
  (results ?? []).forEach((result, i) => {
    const where = `results[${i}]`;
    if (!isObject(result)) return expect(false, `${where} must be an object`);
    const rule = Number.isInteger(result.ruleIndex) ? rules[result.ruleIndex as number] : undefined;
    expect(isObject(rule) && rule.id === result.ruleId, `${where}.ruleIndex must point at the rule named by ruleId`);
    expect(LEVELS.includes(String(result.level)), `${where}.level must be a SARIF level`);
    message(result.message, `${where}.message`);
    const locations = Array.isArray(result.locations) ? (result.locations as unknown[]) : [];
    expect(locations.length > 0, `${where}.locations must not be empty`);
    locations.forEach((loc, j) => location(loc, `${where}.locations[${j}]`));
  });

  const invocations = Array.isArray(run.invocations) ? (run.invocations as unknown[]) : [];
  invocations.forEach((invocation, i) => {
    const where = `invocations[${i}]`;
    if (!isObject(invocation)) return expect(false, `${where} must be an object`);
    expect(typeof invocation.executionSuccessful === 'boolean', `${where}.executionSuccessful is required`);
    const notifications = invocation.toolExecutionNotifications;
    if (notifications === undefined) return;
    if (!Array.isArray(notifications)) return expect(false, `${where}.toolExecutionNotifications must be an array`);
    notifications.forEach((notification: unknown, j) => {
      const at = `${where}.toolExecutionNotifications[${j}]`;
      if (!isObject(notification)) return expect(false, `${at} must be an object`);
      expect(LEVELS.includes(String(notification.level)), `${at}.level must be a SARIF level`);
      message(notification.message, `${at}.message`);
      for (const [k, loc] of ((notification.locations as unknown[] | undefined) ?? []).entries()) location(loc, `${at}.locations[${k}]`);
      if (notification.associatedRule !== undefined) {
        const ref = notification.associatedRule;
        const ok = isObject(ref) && Number.isInteger(ref.index) && isObject(rules[ref.index as number]) && (rules[ref.index as number] as Json).id === ref.id;
        expect(ok, `${at}.associatedRule must point at a driver rule`);
      }
    });
  });
  return problems;
}
