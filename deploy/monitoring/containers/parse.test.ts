import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerMetrics, goDurationSeconds, sizeBytes } from './parse.ts';

test('Go durations as podman prints CPU time', () => {
  assert.equal(goDurationSeconds('86.918357ms'), 0.086918357);
  assert.equal(goDurationSeconds('1m2.5s'), 62.5);
  assert.equal(goDurationSeconds('1h0m1s'), 3601);
  assert.equal(goDurationSeconds('750µs'), 0.00075);
  assert.throws(() => goDurationSeconds('12 parsecs'), /not a duration/);
  assert.throws(() => goDurationSeconds('1s junk'), /not a duration/);
});

test('sizes in decimal units', () => {
  assert.equal(sizeBytes('0B'), 0);
  assert.equal(sizeBytes('1.401MB'), 1_401_000);
  assert.equal(sizeBytes(' 25.28GB'), 25_280_000_000);
  assert.equal(sizeBytes('512kB'), 512_000);
  assert.throws(() => sizeBytes('lots'), /not a size/);
});

test('one series per container and family, names escaped', () => {
  const text = containerMetrics(
    [{ name: 'coppertone-production-blue-identity', cpu_time: '2.5s', mem_usage: '50MB / 268.4MB', pids: '11' }],
    [{ name: 'coppertone-production-blue-identity', oomKilled: true, restarts: 2 }],
    1_700_000_000.4,
  );
  assert.match(text, /^container_cpu_seconds_total\{name="coppertone-production-blue-identity"\} 2\.5$/m);
  assert.match(text, /^container_memory_usage_bytes\{name="coppertone-production-blue-identity"\} 50000000$/m);
  assert.match(text, /^container_memory_limit_bytes\{name="coppertone-production-blue-identity"\} 268400000$/m);
  assert.match(text, /^container_pids\{name="coppertone-production-blue-identity"\} 11$/m);
  assert.match(text, /^container_oom_killed\{name="coppertone-production-blue-identity"\} 1$/m);
  assert.match(text, /^container_restarts\{name="coppertone-production-blue-identity"\} 2$/m);
  assert.match(text, /^container_stats_last_run_timestamp_seconds 1700000000$/m);
  assert.match(containerMetrics([], [{ name: 'a"b', oomKilled: false, restarts: 0 }], 0), /name="a\\"b"/);
});
