// Every alert is usable by whoever it wakes: each of its rules has a summary, a description and a
// runbook_url naming docs/runbooks/<alert>.md; that page exists and says what it means, how to
// look and how to fix; and rules/tests/ has a case where it fires and one where it stays silent
// (Watchdog, which always fires, needs only the first). Runbook pages with no alert are reported
// too. Prints `ok - …` / `not ok - …` per alert; exits 1 on any problem.
//   node deploy/monitoring/test/coverage.ts [--rules DIR] [--runbooks DIR]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: join(ROOT, 'deploy', 'monitoring', 'rules') },
    runbooks: { type: 'string', default: join(ROOT, 'docs', 'runbooks') },
  },
});
const rulesDir = values.rules;
const runbooksDir = values.runbooks;
const testsDir = join(rulesDir, 'tests');
const ALWAYS_FIRING = new Set(['Watchdog']);
const SECTIONS = ['What it means', 'How to look', 'How to fix'];

interface Rule {
  alert?: string;
  annotations?: Record<string, string>;
}
interface TestFile {
  tests?: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const yamlFiles = (dir: string, suffix: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .sort()
    : [];

const alerts = new Map<string, { file: string; rules: Rule[] }>();
for (const file of yamlFiles(rulesDir, '.yml')) {
  const doc = parse(readFileSync(join(rulesDir, file), 'utf8')) as { groups?: { rules?: Rule[] }[] };
  for (const group of doc.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (!rule.alert) continue;
      const entry = alerts.get(rule.alert) ?? { file, rules: [] };
      entry.rules.push(rule);
      alerts.set(rule.alert, entry);
    }
  }
}

const fires = new Set<string>();
const silent = new Set<string>();
for (const file of yamlFiles(testsDir, '.test.yml')) {
  const doc = parse(readFileSync(join(testsDir, file), 'utf8')) as TestFile;
  for (const t of doc.tests ?? []) {
    for (const check of t.alert_rule_test ?? []) {
      ((check.exp_alerts?.length ?? 0) > 0 ? fires : silent).add(check.alertname);
    }
  }
}

let failed = 0;
for (const [name, { file, rules }] of [...alerts].sort(([a], [b]) => a.localeCompare(b))) {
  const problems: string[] = [];
  const runbook = `docs/runbooks/${name}.md`;
  rules.forEach((rule, i) => {
    const which = rules.length > 1 ? ` (rule ${i + 1} of ${rules.length})` : '';
    for (const key of ['summary', 'description']) {
      if (!rule.annotations?.[key]?.trim()) problems.push(`no ${key}${which}`);
    }
    const url = rule.annotations?.runbook_url;
    if (url !== runbook) problems.push(`runbook_url is ${url ? `"${url}"` : 'missing'}${which}, expected ${runbook}`);
  });
  const page = join(runbooksDir, `${name}.md`);
  if (!existsSync(page)) {
    problems.push(`no runbook page ${runbook}`);
  } else {
    const text = readFileSync(page, 'utf8');
    for (const section of SECTIONS) {
      if (!new RegExp(`^##\\s+${section}`, 'im').test(text)) problems.push(`${runbook} has no "## ${section}" section`);
    }
  }
  if (!fires.has(name)) problems.push('no test case where it fires (rules/tests/)');
  if (!ALWAYS_FIRING.has(name) && !silent.has(name)) problems.push('no test case where it stays silent (rules/tests/)');
  if (problems.length === 0) {
    console.log(`ok - alert ${name} (${file}): summary, description, runbook, tests firing and silent`);
  } else {
    failed++;
    console.log(`not ok - alert ${name} (${file}): ${problems.join('; ')}`);
  }
}
for (const page of yamlFiles(runbooksDir, '.md')) {
  const name = page.replace(/\.md$/, '');
  if (name === 'README' || alerts.has(name)) continue;
  failed++;
  console.log(`not ok - runbook docs/runbooks/${page} belongs to no alert`);
}
for (const name of [...fires, ...silent]) {
  if (!alerts.has(name)) {
    failed++;
    console.log(`not ok - rules/tests/ test an alert that no rule defines: ${name}`);
    fires.delete(name);
    silent.delete(name);
  }
}
if (alerts.size === 0) {
  failed++;
  console.log(`not ok - no alert found in ${rulesDir}`);
}
process.exit(failed > 0 ? 1 : 0);
