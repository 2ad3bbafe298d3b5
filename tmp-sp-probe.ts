import { readFileSync } from 'node:fs';
import { PaddleEngine } from './src/core/providers/local/paddle.ts';
const e = new PaddleEngine();
const p = await e.recognize(readFileSync(`/work/shared/data/sroie/img/X00016469670.jpg`));
console.log(p.lines.slice(0, 6).map((l) => l.text));
await e.close();
