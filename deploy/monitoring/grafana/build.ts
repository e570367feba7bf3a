// Writes the dashboards of dashboards.ts as the JSON files Grafana's file provider loads.
//   node deploy/monitoring/grafana/build.ts
import { writeFileSync } from 'node:fs';
import { allDashboards } from './dashboards.ts';

const dir = new URL('./dashboards/', import.meta.url);
for (const [file, dashboard] of Object.entries(allDashboards())) {
  writeFileSync(new URL(file, dir), `${JSON.stringify(dashboard, null, 2)}\n`);
  console.log(`wrote deploy/monitoring/grafana/dashboards/${file}`);
}
