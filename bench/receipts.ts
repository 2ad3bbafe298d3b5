/**
 * Where the SROIE receipts are, for the benchmarks that read them (accuracy, offline, ocr). They
 * are not in the repository: the ICDAR 2019 SROIE task 3 test split (CC-BY-4.0, Huang et al.),
 * `img/<ID>.jpg` and `key/<ID>.json`, as in the public repository pdrsa/sroie2019. Point
 * EXTRACTO_RECEIPTS at such a folder; by default the team's copy beside this checkout is used.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const TEAM_COPY = path.resolve(import.meta.dirname, '../../shared/data/sroie');

/** The receipts folder, or one sentence on stderr and exit 2 when there is none. */
export function receiptsDir(): string {
  const dir = process.env.EXTRACTO_RECEIPTS ? path.resolve(process.env.EXTRACTO_RECEIPTS) : TEAM_COPY;
  if (existsSync(path.join(dir, 'img')) && existsSync(path.join(dir, 'key'))) return dir;
  process.stderr.write(
    `This benchmark reads the SROIE receipts, which are not in the repository and were not found at ${dir}: ` +
      'get the ICDAR 2019 SROIE task 3 test split (img/ and key/, e.g. from github.com/pdrsa/sroie2019) ' +
      'and set EXTRACTO_RECEIPTS to its folder.\n',
  );
  process.exit(2);
}
