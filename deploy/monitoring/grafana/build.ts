// Writes the dashboards of dashboards.ts as the JSON files Grafana's file provider loads, formatted
// as the repository's formatter wants them (so `npm run lint` passes on the output).
//   node deploy/monitoring/grafana/build.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allDashboards } from './dashboards.ts';

const dir = new URL('./dashboards/', import.meta.url);
const files = Object.entries(allDashboards()).map(([file, dashboard]) => {
  writeFileSync(new URL(file, dir), `${JSON.stringify(dashboard, null, 2)}\n`);
  return fileURLToPath(new URL(file, dir));
});
execFileSync(
  fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url)),
  ['format', '--write', ...files],
  {
    stdio: 'ignore',
    timeout: 60_000,
  },
);
for (const f of files) console.log(`wrote ${f}`);
