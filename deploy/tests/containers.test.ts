// Runs against the running test stack (scripts/stack/test.sh starts it and runs this file with
// `node --test`): every image runs as a non-root user, has a health check that passes, carries
// the OCI source/revision labels and runs on a read-only root filesystem; nothing is published
// beyond loopback; a function container killed with SIGKILL is restarted and serves again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type ContainerInfo, type ImageInfo, inspect, podman, run, until } from './podman.ts';

const project = process.env.STACK_PROJECT ?? 'coppertone-test';
const tag = process.env.COPPERTONE_TAG;
const edge = `http://127.0.0.1:${process.env.STACK_EDGE_PORT ?? '18080'}`;
if (!tag)
  throw new Error('COPPERTONE_TAG is required: the tag of the images under test (scripts/stack/test.sh sets it)');

/** The images this repository builds, each running as one service of the test stack. */
const IMAGES = ['identity', 'work', 'contact', 'billing', 'worker', 'web', 'edge', 'fakes'] as const;
const container = (service: string) => `${project}_${service}_1`;

/** The real (and effective) user id of a running container's main process, read on the host. */
function processUids(pid: number): [number, number] {
  const line = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(line, `no Uid line for pid ${pid}`);
  return [Number(line[1]), Number(line[2])];
}

describe('images of the platform', () => {
  for (const name of IMAGES) {
    describe(name, () => {
      const image = `localhost/coppertone/${name}:${tag}`;

      test('declares a non-root user, and its process runs as one', async () => {
        const info = await inspect<ImageInfo>('image', image);
        const user = info.Config.User ?? '';
        assert.ok(user !== '' && !/^(0|root)(:|$)/.test(user), `USER is "${user}"`);
        const c = await inspect<ContainerInfo>('container', container(name));
        assert.equal(c.State.Status, 'running');
        const [real, effective] = processUids(c.State.Pid);
        assert.notEqual(real, 0, 'real uid is 0');
        assert.notEqual(effective, 0, 'effective uid is 0');
      });

      test('has a HEALTHCHECK, and it passes', async () => {
        const info = await inspect<ImageInfo>('image', image);
        const check = (info.Healthcheck ?? info.Config.Healthcheck)?.Test ?? [];
        assert.ok(check.length > 0 && check[0] !== 'NONE', `health check: ${JSON.stringify(check)}`);
        const result = await run('podman', ['healthcheck', 'run', container(name)]);
        assert.equal(result.code, 0, `podman healthcheck run: ${result.stdout}${result.stderr}`);
      });

      test('carries OCI source and revision labels (revision = the commit of the tag)', async () => {
        const labels = (await inspect<ImageInfo>('image', image)).Config.Labels ?? {};
        assert.ok(labels['org.opencontainers.image.source'], 'no org.opencontainers.image.source');
        const revision = labels['org.opencontainers.image.revision'] ?? '';
        assert.match(revision, /^[0-9a-f]{40}(-dirty)?$/);
        assert.ok(revision.startsWith(tag.replace(/-dirty$/, '')), `revision ${revision} is not tag ${tag}`);
      });

      test('runs on a read-only root filesystem with a restart policy', async () => {
        const c = await inspect<ContainerInfo>('container', container(name));
        assert.equal(c.HostConfig.ReadonlyRootfs, true);
        assert.equal(c.HostConfig.RestartPolicy?.Name, 'unless-stopped');
      });
    });
  }
});

/** The function images: the code of every function and the packages they share, no test code. */
const FUNCTIONS = ['identity', 'work', 'contact', 'billing', 'worker'] as const;
// Run inside an image: every file under /app/packages and /app/services (outside node_modules), one per line.
const LIST_APP_FILES = `
const { readdirSync } = require('node:fs');
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.name === 'node_modules' ? [] : e.isDirectory() ? walk(d + '/' + e.name) : [d + '/' + e.name]);
console.log([...walk('/app/packages'), ...walk('/app/services')].join('\\n'));`;

test('the function images carry no test code: no tests, test helpers or stand-ins', async () => {
  for (const name of FUNCTIONS) {
    const image: string = `localhost/coppertone/${name}:${tag}`;
    const listed = await run('podman', [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      '/nodejs/bin/node',
      image,
      '-e',
      LIST_APP_FILES,
    ]);
    assert.equal(listed.code, 0, `listing ${image}: ${listed.stderr}`);
    const files = listed.stdout.split('\n').filter(Boolean);
    assert.ok(
      files.some((f) => f.endsWith(`/services/${name}/src/main.ts`)),
      `${image}: no main.ts among ${files.length} files`,
    );
    const testCode = files.filter((f) =>
      /\.test\.ts$|\/testing\.ts$|\/testing\/|^\/app\/packages\/stand-ins\//.test(f),
    );
    assert.deepEqual(testCode, [], `${image} carries test code`);
  }
});

test('PostgreSQL runs as its own user, not root', async () => {
  const c = await inspect<ContainerInfo>('container', container('postgres'));
  const [real, effective] = processUids(c.State.Pid);
  assert.ok(real !== 0 && effective !== 0, `postgres runs as ${real}/${effective}`);
});

test('no container of the stack publishes a port beyond 127.0.0.1', async () => {
  const names = (await podman('ps', '--filter', `label=io.podman.compose.project=${project}`, '--format', '{{.Names}}'))
    .split('\n')
    .filter(Boolean);
  assert.ok(names.length >= IMAGES.length, `only ${names.length} containers`);
  for (const name of names) {
    const c = await inspect<ContainerInfo>('container', name);
    for (const [port, bindings] of Object.entries(c.HostConfig.PortBindings ?? {})) {
      for (const b of bindings ?? []) assert.equal(b.HostIp, '127.0.0.1', `${name} publishes ${port} on "${b.HostIp}"`);
    }
  }
});

test('a function container killed with SIGKILL is restarted and serves through the edge again', async () => {
  const name = container(process.env.STACK_RESTART_SERVICE ?? 'contact');
  const before = await inspect<ContainerInfo>('container', name);
  assert.equal(before.State.Status, 'running');
  process.kill(before.State.Pid, 'SIGKILL');

  const after = await until('the container to be restarted', 30_000, async () => {
    const c = await inspect<ContainerInfo>('container', name);
    return c.RestartCount > before.RestartCount && c.State.Status === 'running' && c.State.Pid !== before.State.Pid
      ? c
      : undefined;
  });
  assert.equal(after.RestartCount, before.RestartCount + 1);
  await until('its health check to pass', 60_000, async () =>
    (await run('podman', ['healthcheck', 'run', name])).code === 0 ? true : undefined,
  );
  const service = name.replace(`${project}_`, '').replace(/_1$/, '');
  const status = await until('the edge to route to it again', 30_000, async () => {
    const res = await fetch(`${edge}/api/${service}/openapi.json`);
    return res.ok ? res.status : undefined;
  });
  assert.equal(status, 200);
});
