import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_MAIN, freePort } from './support/processes.js';

/**
 * The README's worked example, pasted as a block into bash against the built API (on a
 * free PORT and an empty DATA_DIR): every status it claims (`# → 201 …`) is the one the
 * API answers, and every error body it shows in full is the body the API sends.
 */

const README_BLOCK = /## A worked example\n\n```sh\n([\s\S]*?)\n```/;

function workedExample(): string {
  const match = README_BLOCK.exec(fs.readFileSync('README.md', 'utf8'));
  if (!match) throw new Error("README.md has no '## A worked example' sh block");
  return match[1];
}

interface Claim {
  status: number;
  body?: unknown;
}

/** For each request in the block (each `curl` line but the health wait), the answer the comment after it claims, if any. */
function claims(block: string): (Claim | undefined)[] {
  const out: (Claim | undefined)[] = [];
  for (const line of block.split('\n')) {
    if (/^curl /.test(line)) out.push(undefined);
    const claim = /^# → (?:(\d{3}) )?(.*)$/.exec(line);
    if (claim && out.length > 0 && out[out.length - 1] === undefined) {
      const text = claim[2].split(/; /)[0];
      let body: unknown;
      try {
        // An answer abbreviated with … or spread over lines shows its status only.
        body = text.includes('…') ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      out[out.length - 1] = { status: claim[1] ? Number(claim[1]) : 200, body };
    }
  }
  return out;
}

/** Runs the block with curl answering each request's body and status on separate lines, and the API as built. */
function run(block: string, env: Record<string, string>): Promise<{ body: string; status: number }[]> {
  const script = [
    `curl() { if [[ " $* " == *" -sf "* ]]; then command curl "$@"; else command curl -w '\\n%{http_code}\\n' "$@"; echo '<<end>>'; fi; }`,
    block.replace(/npm start &/, `node ${JSON.stringify(API_MAIN)} >/dev/null 2>&1 & SERVER_PID=$!; trap 'kill $SERVER_PID' EXIT TERM`),
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { env: { PATH: process.env.PATH!, ...env }, timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(new Error(`the worked example failed: ${error.message}\n${stdout.slice(-2000)}`));
      const answers = stdout.split('<<end>>\n').filter((a) => a.trim() !== '');
      resolve(
        answers.map((a) => {
          const lines = a.trimEnd().split('\n');
          return { status: Number(lines.pop()), body: lines.join('\n') };
        }),
      );
    });
  });
}

describe("the README's worked example, pasted as a block", () => {
  let dataDir: string;
  beforeAll(() => {
    if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worked-example-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('waits for the API, follows PORT, and gets the statuses and error bodies it shows', async () => {
    const block = workedExample();
    const expected = claims(block);
    const answers = await run(block, { PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(answers).toHaveLength(expected.length);
    expected.forEach((claim, i) => {
      if (!claim) return;
      expect({ request: i, status: answers[i].status }).toEqual({ request: i, status: claim.status });
      if (claim.body !== undefined) expect(JSON.parse(answers[i].body)).toEqual(claim.body);
    });
    expect(expected.filter(Boolean).length).toBeGreaterThanOrEqual(6);
  });
});
