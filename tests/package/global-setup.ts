import type { TestProject } from 'vitest/node';
import { buildPackage, type BuiltPackage } from './build-package.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    built: BuiltPackage;
  }
}

/** The package is built once for every test file of `npm run test:package`. */
export async function setup(project: TestProject): Promise<void> {
  const built = await buildPackage();
  console.log(`packaged the Linux x64 app in ${built.seconds.toFixed(0)} s: ${built.appDir}`);
  project.provide('built', built);
}
