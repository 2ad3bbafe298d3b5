/**
 * Where the SROIE receipts are, for the benchmarks that read them (accuracy, offline, ocr). They
 * are not in the repository: the ICDAR 2019 SROIE task 3 test split (CC-BY-4.0, Huang et al.),
 * `img/<ID>.jpg` and `key/<ID>.json`, as in the public repository pdrsa/sroie2019. Point
 * EXTRACTO_RECEIPTS at such a folder; by default the team's copy beside this checkout is used.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const TEAM_DATA = path.resolve(import.meta.dirname, '../../shared/data');
const TEAM_COPY = path.join(TEAM_DATA, 'sroie');

const isReceipts = (dir: string) => existsSync(path.join(dir, 'img')) && existsSync(path.join(dir, 'key'));

/** The receipts folder, or one sentence on stderr and exit 2 when there is none. */
export function receiptsDir(): string {
  const dir = process.env.EXTRACTO_RECEIPTS ? path.resolve(process.env.EXTRACTO_RECEIPTS) : TEAM_COPY;
  if (isReceipts(dir)) return dir;
  process.stderr.write(
    `This benchmark reads the SROIE receipts, which are not in the repository and were not found at ${dir}: ` +
      'get the ICDAR 2019 SROIE task 3 test split (img/ and key/, e.g. from github.com/pdrsa/sroie2019) ' +
      'and set EXTRACTO_RECEIPTS to its folder.\n',
  );
  process.exit(2);
}

/** A folder of receipts, and whether the engine's rules were written while looking at them. */
export interface ReceiptSet {
  name: string;
  dir: string;
  /**
   * False for receipts nobody looked at while writing the matcher's rules: only their accuracy
   * says how the engine does on receipts it has never seen.
   */
  tuned: boolean;
}

/**
 * The receipts the accuracy benchmark scores: the team copy's 100 (the rules were written on
 * them) and, when present, its 146 more of the same split that the rules never saw
 * (`sroie-extra/`). EXTRACTO_RECEIPTS names one folder instead, taken as held out.
 */
export function receiptSets(): ReceiptSet[] {
  if (process.env.EXTRACTO_RECEIPTS) return [{ name: 'EXTRACTO_RECEIPTS', dir: receiptsDir(), tuned: false }];
  const sets: ReceiptSet[] = [{ name: 'sroie', dir: receiptsDir(), tuned: true }];
  const extra = path.join(TEAM_DATA, 'sroie-extra');
  if (isReceipts(extra)) sets.push({ name: 'sroie-extra', dir: extra, tuned: false });
  else
    process.stderr.write(
      `No held-out receipts at ${extra}: only the receipts the rules were written on are scored.\n`,
    );
  return sets;
}
