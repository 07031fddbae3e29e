import fs from 'node:fs';
import path from 'node:path';
import { withEventCatalogue } from '@app/domain';
import { repositoryRoot } from './repository.js';

/** The documents whose generated parts are rewritten from the code (`npm run docs`). */
export const GENERATED_DOCS = { domain: 'docs/DOMAIN.md' } as const;

/** Rewrites the generated parts of the docs; says which changed. */
export function docs(root: string = repositoryRoot()): void {
  const file = path.join(root, GENERATED_DOCS.domain);
  const before = fs.readFileSync(file, 'utf8');
  const after = withEventCatalogue(before);
  if (after === before) return console.log(`${GENERATED_DOCS.domain} is current`);
  fs.writeFileSync(file, after);
  console.log(`${GENERATED_DOCS.domain}: event catalogue rewritten from the schemas`);
}
