/**
 * docker/: the Dockerfile and the compose files, checked by parsing them (no Docker
 * engine here). Each check is a function returning the problems it finds; the real
 * files must have none, and a deliberately broken copy of each must be caught, so a
 * check that can never fail shows up as a failing test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Env = Record<string, string | null>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Env | string[];
  ports?: (string | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const clone = <T>(value: T): T => structuredClone(value);
const parseCompose = (file: string): Compose => YAML.parse(read(file), { merge: true }) as Compose;

// ---------------------------------------------------------------- the app's env names

/** The keys of `const <name> = z.object({ … })` in a source file, read from its text. */
export function schemaKeys(source: string, name: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const start = text.search(new RegExp(`\\b${name}\\s*=\\s*z\\s*\\.\\s*(?:strict)?[oO]bject\\(\\s*\\{`));
  if (start < 0) return [];
  const open = text.indexOf('{', start);
  const keys: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1) {
      const key = /^([A-Z][A-Z0-9_]*)\s*:/.exec(text.slice(i));
      if (key && /[\s,{]/.test(text[i - 1])) {
        keys.push(key[1]);
        i += key[1].length;
      }
    }
  }
  return keys;
}

const API_ENV = schemaKeys(read('libs/composition/src/config/app-config.ts'), 'EnvSchema');
/** Being added with the projector and the KurrentDB adapter (API.md lists KURRENTDB_URL). */
const PENDING_ENV = ['KURRENTDB_URL', 'PROJECTOR_PORT'];
const ALLOWED_ENV = new Set([...API_ENV, ...PENDING_ENV]);

// ---------------------------------------------------------------- compose helpers

/** A value as compose would pass it: `${V:-default}` → default, `${V:?message}` → `<V>`, `${V}` → ''. */
export function interpolate(value: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}/g, (_m, name: string) => `<${name}>`)
    .replace(/\$\$/g, '$');
}

const envOf = (service: Service): Env => {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(env.map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, null])));
};
const envValue = (service: Service, name: string): string | undefined => {
  const value = envOf(service)[name];
  return value === null || value === undefined ? undefined : interpolate(String(value));
};
const commandOf = (service: Service): string[] => (Array.isArray(service.command) ? service.command : (service.command ?? '').split(/\s+/).filter(Boolean));
const healthText = (service: Service): string => {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
};
const isApp = (service: Service): boolean => (typeof service.build === 'object' ? /Dockerfile$/.test(service.build.dockerfile ?? '') : typeof service.build === 'string');
const runs = (service: Service, app: string): boolean => isApp(service) && commandOf(service).includes(`dist/apps/${app}/src/main.js`);
const isKurrent = (service: Service): boolean => /kurrentdb|eventstore/i.test(service.image ?? '');
const isPostgres = (service: Service): boolean => /^postgres:/.test(interpolate(service.image ?? ''));
const servicesWhere = (doc: Compose, test: (s: Service) => boolean): string[] => Object.keys(doc.services).filter((name) => test(doc.services[name]));
/** The container side of each published port. */
const containerPorts = (service: Service): number[] => (service.ports ?? []).map((p) => (typeof p === 'object' ? p.target : Number(interpolate(String(p)).split(':').pop()!.split('/')[0])));
const kurrentSetting = (service: Service, name: string): string | undefined => envValue(service, `KURRENTDB_${name}`) ?? envValue(service, `EVENTSTORE_${name}`);

// ---------------------------------------------------------------- build output

/** Does `npm run build` (nest build → tsc with tsconfig.build.json into dist/) produce this file? */
export function builtByNpmRunBuild(file: string): string | null {
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  if (!/^nest build\b/.test(pkg.scripts.build ?? '')) return `npm run build is "${pkg.scripts.build}", not nest build`;
  const match = /^dist\/(.+)\.js$/.exec(file);
  if (!match) return `${file} is not under dist/`;
  const source = `${match[1]}.ts`;
  if (!fs.existsSync(path.join(ROOT, source))) return `${file}: no ${source} to compile it from`;
  const build = JSON.parse(read('tsconfig.build.json')) as { include: string[]; exclude: string[] };
  const top = source.split('/')[0];
  if (!build.include.includes(`${top}/**/*.ts`)) return `${file}: tsconfig.build.json does not compile ${top}/`;
  if (/\.spec\.ts$|\/testing\//.test(source)) return `${file}: tsconfig.build.json excludes ${source}`;
  const base = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
  if (path.normalize(base.compilerOptions.outDir) !== 'dist' || path.normalize(base.compilerOptions.rootDir) !== '.') return `${file}: tsconfig.json does not compile . into dist/`;
  return null;
}

// ---------------------------------------------------------------- the Dockerfile

interface Instruction {
  op: string;
  args: string;
}
/** The instructions before the first FROM (global ARGs), then each stage's, FROM first. */
export function parseDockerfile(text: string): { globals: Instruction[]; stages: Instruction[][] } {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const globals: Instruction[] = [];
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { op: op.toUpperCase(), args };
    if (instruction.op === 'FROM') stages.push([instruction]);
    else if (stages.length === 0) globals.push(instruction);
    else stages[stages.length - 1].push(instruction);
  }
  return { globals, stages };
}

const DOCKERIGNORE = fs.existsSync(path.join(ROOT, '.dockerignore'))
  ? read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
  : [];

export function checkDockerfile(text: string): string[] {
  const problems: string[] = [];
  const { globals, stages } = parseDockerfile(text);
  if (stages.length < 2) return [`${stages.length} FROM stage(s): a build stage and a runtime stage are needed`];
  const args = Object.fromEntries(globals.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) => i.args.split('=', 2) as [string, string]));
  const imageOf = (stage: Instruction[]) => stage[0].args.split(/\s+/)[0].replace(/\$\{?(\w+)\}?/g, (_m, n: string) => args[n] ?? '');
  for (const stage of stages) {
    const node = /^node:(\d+)/.exec(imageOf(stage));
    if (!node || Number(node[1]) < 22 || Number(node[1]) % 2 === 1) problems.push(`stage ${stage[0].args}: not on a Node LTS image (${imageOf(stage)})`);
  }
  const final = stages[stages.length - 1];
  const builds = stages.slice(0, -1);
  const of = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op);

  // The build stage: dependencies, build, then the dev dependencies dropped.
  const runLines = builds.flatMap((stage) => of(stage, 'RUN').map((i) => i.args)).join(' && ');
  const buildAt = runLines.search(/npm run build/);
  const pruneAt = runLines.search(/npm prune (--omit[= ]dev|--production)/);
  if (buildAt < 0) problems.push('no build stage runs npm run build');
  if (pruneAt < 0 || pruneAt < buildAt) problems.push('the dev dependencies are not pruned (npm prune --omit=dev) after the build');
  for (const copy of builds.flatMap((stage) => of(stage, 'COPY')).filter((i) => !i.args.includes('--from'))) {
    const sources = copy.args
      .split(/\s+/)
      .filter((a) => !a.startsWith('--'))
      .slice(0, -1);
    for (const source of sources) {
      if (!fs.existsSync(path.join(ROOT, source))) problems.push(`COPY ${source}: not in the repository`);
      if (DOCKERIGNORE.some((pattern) => pattern.replace(/\/$/, '') === source.replace(/\/$/, ''))) problems.push(`COPY ${source}: excluded by .dockerignore`);
    }
  }

  // The runtime stage: compiled code and production dependencies only, as a non-root user.
  const users = of(final, 'USER').map((i) => i.args.split(':')[0]);
  if (users.length === 0 || ['root', '0'].includes(users[users.length - 1])) problems.push('the runtime stage runs as root (no USER, or USER root)');
  if (!of(final, 'ENV').some((i) => /\bNODE_ENV[= ]"?production"?\b/.test(i.args))) problems.push('the runtime stage does not set NODE_ENV=production');
  if (!of(final, 'EXPOSE').some((i) => i.args.split(/\s+/).some((p) => p.split('/')[0] === '3000'))) problems.push('the runtime stage does not EXPOSE 3000');
  for (const copy of [...of(final, 'COPY'), ...of(final, 'ADD')]) {
    if (!/--from=/.test(copy.args)) problems.push(`runtime ${copy.op} ${copy.args}: copies from the build context, not the build stage`);
    const sources = copy.args
      .split(/\s+/)
      .filter((a) => !a.startsWith('--'))
      .slice(0, -1);
    for (const source of sources) {
      if (!/^(\/app\/)?(dist|node_modules|package\.json)\/?$/.test(source)) problems.push(`runtime COPY ${source}: only dist, node_modules and package.json belong in the image`);
    }
  }
  for (const run of of(final, 'RUN')) {
    if (/npm (ci|install|i)\b/.test(run.args) && !/--omit[= ]dev/.test(run.args)) problems.push(`runtime RUN ${run.args}: installs dev dependencies`);
  }
  const health = of(final, 'HEALTHCHECK')
    .map((i) => i.args)
    .join(' ');
  if (!health.includes('/api/v1/health')) problems.push('no HEALTHCHECK calling /api/v1/health in the runtime stage');
  if (/\b(curl|wget)\b/.test(health) || (health && !health.includes('fetch('))) problems.push("the HEALTHCHECK must use node's fetch (no curl or wget in slim images)");
  const cmd = of(final, 'CMD').pop();
  if (!cmd) problems.push('no CMD in the runtime stage');
  else {
    let argv: string[] = [];
    try {
      argv = JSON.parse(cmd.args) as string[];
    } catch {
      problems.push(`CMD ${cmd.args}: not exec form`);
    }
    const script = argv.find((a) => a.endsWith('.js'));
    if (argv[0] !== 'node' || !script) problems.push(`CMD ${cmd.args}: does not run a .js file with node`);
    else {
      const built = builtByNpmRunBuild(script);
      if (built) problems.push(`CMD: ${built}`);
      if (script !== 'dist/apps/api/src/main.js') problems.push(`CMD: the default command should be the API, not ${script}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- compose files

export function checkCompose(doc: Compose, file: string, proxyConfigs: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  const services = doc.services ?? {};
  const declaredVolumes = new Set(Object.keys(doc.volumes ?? {}));
  const base = path.dirname(path.join(ROOT, file));

  for (const [name, service] of Object.entries(services)) {
    const where = `${file} ${name}`;
    const test = service.healthcheck?.test;
    if (!test || service.healthcheck?.disable || (Array.isArray(test) ? test.length < 2 || test[0] === 'NONE' : !test.trim())) problems.push(`${where}: no healthcheck`);

    const depends = service.depends_on ?? {};
    if (Array.isArray(depends)) problems.push(`${where}: depends_on without condition: service_healthy`);
    else
      for (const [target, spec] of Object.entries(depends)) {
        if (!services[target]) problems.push(`${where}: depends on ${target}, which is not a service`);
        if (spec?.condition !== 'service_healthy') problems.push(`${where}: depends on ${target} without condition: service_healthy`);
      }

    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? (volume.includes(':') ? volume.split(':')[0] : '') : (volume.source ?? '');
      if (!source) continue;
      if (/^[./~]/.test(source)) {
        if (!fs.existsSync(path.resolve(base, source))) problems.push(`${where}: mounts ${source}, which is not in the repository`);
      } else if (!declaredVolumes.has(source)) problems.push(`${where}: volume ${source} is not declared under volumes:`);
    }

    if (service.build) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build;
      const context = path.resolve(base, build.context ?? '.');
      if (!fs.existsSync(context)) problems.push(`${where}: build context ${build.context} does not exist`);
      const dockerfile = path.resolve(context, build.dockerfile ?? 'Dockerfile');
      if (!fs.existsSync(dockerfile)) problems.push(`${where}: ${build.dockerfile} does not exist in the build context`);
    }

    if (isApp(service)) {
      for (const variable of Object.keys(envOf(service))) if (!ALLOWED_ENV.has(variable)) problems.push(`${where}: sets ${variable}, which the app does not read`);
      if (envValue(service, 'NODE_ENV') !== 'production') problems.push(`${where}: NODE_ENV is not production`);
      const script = commandOf(service).find((a) => a.endsWith('.js'));
      if (!script) problems.push(`${where}: no node command`);
      else {
        const built = builtByNpmRunBuild(script);
        // The projector is being written alongside these files: its entry point is checked once it exists.
        if (built && !(script === 'dist/apps/projector/src/main.js' && !fs.existsSync(path.join(ROOT, 'apps/projector')))) problems.push(`${where}: ${built}`);
      }
      problems.push(...checkStores(doc, name, file));
    }

    if (runs(service, 'api')) {
      const port = Number(envValue(service, 'PORT') ?? 3000);
      if (port !== 3000) problems.push(`${where}: PORT ${port}, not 3000`);
      if (!healthText(service).includes(`:${port}/api/v1/health`)) problems.push(`${where}: the healthcheck does not call :${port}/api/v1/health`);
      for (const published of containerPorts(service)) if (published !== port) problems.push(`${where}: publishes container port ${published}, the API listens on ${port}`);
      const env = envOf(service);
      const required = (v: string) => typeof env[v] === 'string' && new RegExp(`^\\$\\{${v}:\\?.+\\}$`).test(env[v]!);
      if (!required('API_KEYS') && !(required('OIDC_ISSUER') && required('OIDC_AUDIENCE')))
        problems.push(`${where}: production needs API_KEYS, or OIDC_ISSUER and OIDC_AUDIENCE, required with \${VAR:?message}`);
      const projections = envValue(service, 'PROJECTIONS');
      if (projections !== undefined && !['on', 'off'].includes(projections)) problems.push(`${where}: PROJECTIONS=${projections}`);
      const publicUrl = envValue(service, 'PUBLIC_URL');
      if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(publicUrl)) problems.push(`${where}: PUBLIC_URL ${publicUrl} is not an http(s) URL`);
    }

    if (runs(service, 'projector')) {
      const port = Number(envValue(service, 'PROJECTOR_PORT') ?? 3001);
      if (port !== 3001) problems.push(`${where}: PROJECTOR_PORT ${port}, not 3001`);
      if (!new RegExp(`:${port}/health\\b`).test(healthText(service))) problems.push(`${where}: the healthcheck does not call :${port}/health`);
    }

    if (isPostgres(service)) {
      if (!/^postgres:(15|16)\b/.test(interpolate(service.image!))) problems.push(`${where}: ${service.image} is not PostgreSQL 15 or 16`);
      if (!/pg_isready/.test(healthText(service))) problems.push(`${where}: the healthcheck does not use pg_isready`);
      for (const published of containerPorts(service)) if (published !== 5432) problems.push(`${where}: publishes ${published}, PostgreSQL listens on 5432`);
    }

    if (isKurrent(service)) {
      if (!/:2113\//.test(healthText(service))) problems.push(`${where}: the healthcheck does not call the node on 2113`);
      if (kurrentSetting(service, 'INSECURE') !== 'true') problems.push(`${where}: not an insecure node, but the app connects with tls=false`);
      if (!/^\d+$/.test(kurrentSetting(service, 'CLUSTER_SIZE') ?? '')) problems.push(`${where}: no cluster size`);
      for (const published of containerPorts(service)) if (published !== 2113) problems.push(`${where}: publishes ${published}, the node listens on 2113`);
    }
  }

  for (const [name, config] of Object.entries(proxyConfigs)) problems.push(...checkProxy(doc, name, config, file));
  return problems;
}

/** An app service's DATABASE_URL and KURRENTDB_URL name this file's services on their ports. */
function checkStores(doc: Compose, name: string, file: string): string[] {
  const problems: string[] = [];
  const service = doc.services[name];
  const where = `${file} ${name}`;
  const database = envValue(service, 'DATABASE_URL');
  if (database !== undefined) {
    const url = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^:/?]+)(?::(\d+))?\//.exec(database);
    if (!url) problems.push(`${where}: DATABASE_URL ${database} is not a postgres:// URL`);
    else {
      if (!doc.services[url[1]] || !isPostgres(doc.services[url[1]])) problems.push(`${where}: DATABASE_URL names ${url[1]}, not a PostgreSQL service`);
      if ((url[2] ?? '5432') !== '5432') problems.push(`${where}: DATABASE_URL port ${url[2]}, PostgreSQL listens on 5432`);
    }
  }
  const kurrent = envValue(service, 'KURRENTDB_URL');
  if (kurrent !== undefined) {
    const url = /^(?:kurrentdb|esdb|kdb)(?:\+discover)?:\/\/([^/?]+)/.exec(kurrent);
    if (!url) problems.push(`${where}: KURRENTDB_URL ${kurrent} is not a kurrentdb:// URL`);
    else {
      if (!/[?&]tls=false\b/.test(kurrent)) problems.push(`${where}: KURRENTDB_URL without tls=false, but the nodes are insecure`);
      for (const host of url[1].split(',')) {
        const [hostname, port = '2113'] = host.split(':');
        if (!doc.services[hostname] || !isKurrent(doc.services[hostname])) problems.push(`${where}: KURRENTDB_URL names ${hostname}, not a KurrentDB service`);
        if (port !== '2113') problems.push(`${where}: KURRENTDB_URL port ${port}, the nodes listen on 2113`);
      }
    }
  }
  for (const dependency of [database && /@([^:/?]+)/.exec(database)?.[1], ...(kurrent ? (/:\/\/([^/?]+)/.exec(kurrent)?.[1] ?? '').split(',').map((h) => h.split(':')[0]) : [])]) {
    const depends = doc.services[name].depends_on;
    if (dependency && doc.services[dependency] && !(depends && !Array.isArray(depends) && depends[dependency])) problems.push(`${where}: uses ${dependency} but does not wait for it (depends_on)`);
  }
  return problems;
}

/** The proxy's config routes to exactly the API instances, on the API's port. */
function checkProxy(doc: Compose, name: string, text: string, file: string): string[] {
  const problems: string[] = [];
  const config = text.replace(/^\s*#.*$/gm, '');
  const apis = servicesWhere(doc, (s) => runs(s, 'api')).sort();
  const targets = [...config.matchAll(/^\s*server\s+\S+\s+([^\s:]+):(\d+)/gm), ...config.matchAll(/^\s*server\s+([^\s:;]+):(\d+)\s*[;\s]/gm)].map((m) => `${m[1]}:${m[2]}`);
  const expected = apis.map((api) => `${api}:3000`);
  if ([...new Set(targets)].sort().join(',') !== expected.join(',')) problems.push(`${file} ${name}: the proxy routes to ${targets.join(', ') || 'nothing'}, not ${expected.join(', ')}`);
  if (!/\/api\/v1\/health/.test(config)) problems.push(`${file} ${name}: the proxy does not check the instances' /api/v1/health`);
  const binds = [...config.matchAll(/^\s*(?:bind\s+\S*:|listen\s+)(\d+)/gm)].map((m) => Number(m[1]));
  const proxy = doc.services[name];
  for (const published of containerPorts(proxy)) if (!binds.includes(published)) problems.push(`${file} ${name}: publishes ${published}, the proxy listens on ${binds.join(', ')}`);
  const hostPort = (proxy.ports ?? []).map((p) => (typeof p === 'string' ? interpolate(p).split(':').slice(-2)[0] : String(p.published ?? '')))[0];
  for (const api of apis) {
    const publicUrl = envValue(doc.services[api], 'PUBLIC_URL');
    if (publicUrl && hostPort && /localhost/.test(publicUrl) && !publicUrl.includes(`:${hostPort}`))
      problems.push(`${file} ${api}: PUBLIC_URL ${publicUrl} is not the proxy's address (port ${hostPort})`);
  }
  return problems;
}

export function checkSingleNode(doc: Compose): string[] {
  const problems: string[] = [];
  const apis = servicesWhere(doc, (s) => runs(s, 'api'));
  const projectors = servicesWhere(doc, (s) => runs(s, 'projector'));
  const nodes = servicesWhere(doc, isKurrent);
  if (apis.length !== 1) problems.push(`${apis.length} API services, not 1`);
  if (projectors.length !== 1) problems.push(`${projectors.length} projectors, not 1`);
  for (const api of apis)
    if (projectors.length > 0 && envValue(doc.services[api], 'PROJECTIONS') !== 'off') problems.push(`${api}: runs the projections beside the projector (PROJECTIONS is not off)`);
  if (nodes.length !== 1) problems.push(`${nodes.length} KurrentDB nodes, not 1`);
  for (const node of nodes) if (kurrentSetting(doc.services[node], 'CLUSTER_SIZE') !== '1') problems.push(`${node}: cluster size is not 1`);
  if (servicesWhere(doc, isPostgres).length !== 1) problems.push('not exactly one PostgreSQL');
  return problems;
}

export function checkCluster(doc: Compose): string[] {
  const problems: string[] = [];
  const apis = servicesWhere(doc, (s) => runs(s, 'api')).sort();
  if (apis.join(',') !== 'api1,api2') problems.push(`API services ${apis.join(', ')}, not api1 and api2`);
  for (const api of apis) if (envValue(doc.services[api], 'PROJECTIONS') !== 'off') problems.push(`${api}: PROJECTIONS is not off`);
  const projectors = servicesWhere(doc, (s) => runs(s, 'projector'));
  if (projectors.length !== 1) problems.push(`${projectors.length} projectors, not exactly 1`);
  if (servicesWhere(doc, isPostgres).length !== 1) problems.push('not exactly one PostgreSQL');

  const nodes = servicesWhere(doc, isKurrent).sort();
  if (nodes.length !== 3) problems.push(`${nodes.length} KurrentDB nodes, not 3`);
  const addressOf = new Map<string, string>();
  for (const node of nodes) {
    addressOf.set(node, node);
    const networks = doc.services[node].networks;
    if (networks && !Array.isArray(networks)) for (const net of Object.values(networks)) if (net?.ipv4_address) addressOf.set(net.ipv4_address, node);
  }
  for (const node of nodes) {
    const service = doc.services[node];
    if (kurrentSetting(service, 'CLUSTER_SIZE') !== '3') problems.push(`${node}: cluster size is not 3`);
    const seeds = (kurrentSetting(service, 'GOSSIP_SEED') ?? '')
      .split(',')
      .filter(Boolean)
      .map((seed) => {
        const [host, port] = seed.split(':');
        if (port !== '2113') problems.push(`${node}: gossip seed ${seed} is not on 2113`);
        return addressOf.get(host) ?? `unknown ${host}`;
      });
    const others = nodes.filter((n) => n !== node);
    if ([...new Set(seeds)].sort().join(',') !== others.join(',')) problems.push(`${node}: gossip seeds ${seeds.join(', ') || 'none'}, not the other nodes ${others.join(', ')}`);
    if (kurrentSetting(service, 'DISCOVER_VIA_DNS') !== 'false') problems.push(`${node}: gossip seeds need DISCOVER_VIA_DNS=false`);
  }
  for (const app of [...apis, ...projectors]) {
    const url = envValue(doc.services[app], 'KURRENTDB_URL') ?? '';
    const hosts = (/:\/\/([^/?]+)/.exec(url)?.[1] ?? '')
      .split(',')
      .map((h) => h.split(':')[0])
      .sort();
    if (hosts.join(',') !== nodes.join(',')) problems.push(`${app}: KURRENTDB_URL lists ${hosts.join(', ')}, not every node`);
  }
  const stores = new Set([...apis, ...projectors].map((app) => `${envValue(doc.services[app], 'DATABASE_URL')} ${envValue(doc.services[app], 'KURRENTDB_URL')}`));
  if (stores.size > 1) problems.push('the API instances and the projector do not share the same stores');
  return problems;
}

/** The proxy services of a compose file and their config files (from their bind mounts). */
function proxyConfigsOf(doc: Compose, file: string): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const [name, service] of Object.entries(doc.services)) {
    if (!/^(haproxy|nginx)/.test(service.image ?? '')) continue;
    const mount = (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : (v.source ?? ''))).find((s) => /\.(cfg|conf)$/.test(s));
    const configPath = mount ? path.resolve(path.dirname(path.join(ROOT, file)), mount) : '';
    configs[name] = configPath && fs.existsSync(configPath) ? fs.readFileSync(configPath, 'utf8') : '';
  }
  return configs;
}

// ---------------------------------------------------------------- the tests

const DOCKERFILE = read('docker/Dockerfile');
const SINGLE = parseCompose('docker/compose.yml');
const CLUSTER = parseCompose('docker/compose.cluster.yml');
const CLUSTER_PROXIES = proxyConfigsOf(CLUSTER, 'docker/compose.cluster.yml');
const HAPROXY = read('docker/haproxy.cfg');

describe('the env names the app reads', () => {
  it('are read from EnvSchema in app-config.ts', () => {
    expect(API_ENV).toEqual(expect.arrayContaining(['PORT', 'DATA_DIR', 'POLICY_FILE', 'DATABASE_URL', 'NODE_ENV', 'PROJECTIONS', 'API_KEYS', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'PUBLIC_URL']));
    expect(API_ENV).not.toContain('KURRENTDB_URL_NOT_A_VARIABLE');
    expect(schemaKeys("const S = z.object({\n  /** a: b */\n  A_B: z.string().regex(/^x{1,2}$/, 'c: d'),\n  C: z.object({ NESTED: z.string() }),\n});", 'S')).toEqual(['A_B', 'C']);
  });
});

describe('docker/Dockerfile', () => {
  it('is multi-stage, prunes dev dependencies, runs as node with a health check and the API by default', () => {
    expect(checkDockerfile(DOCKERFILE)).toEqual([]);
  });

  it.each([
    ['a single stage', (t: string) => t.replace(/FROM \$\{NODE_IMAGE\} AS runtime[\s\S]*?WORKDIR \/app/, 'WORKDIR /app'), /FROM stage/],
    ['no prune', (t: string) => t.replace(/ \\\n && npm prune[^\n]*/, ''), /pruned/],
    ['USER root', (t: string) => t.replace(/^USER node$/m, 'USER root'), /runs as root/],
    ['no USER', (t: string) => t.replace(/^USER node$/m, ''), /runs as root/],
    ['the sources copied into the runtime', (t: string) => t.replace(/^USER node$/m, 'COPY apps ./apps\nUSER node'), /build context/],
    ['npm install in the runtime', (t: string) => t.replace(/^USER node$/m, 'RUN npm install\nUSER node'), /dev dependencies/],
    ['a curl health check', (t: string) => t.replace(/CMD \["node", "-e", "fetch\([^\n]*/, 'CMD curl -f http://localhost:3000/api/v1/health'), /fetch/],
    ['a health check on another path', (t: string) => t.replace('/api/v1/health', '/health'), /api\/v1\/health/],
    ['a CMD at a file the build does not make', (t: string) => t.replace('dist/apps/api/src/main.js"]', 'dist/apps/api/main.js"]'), /no apps\/api\/main\.ts/],
    ['an odd Node release', (t: string) => t.replace('node:24-bookworm-slim', 'node:23-bookworm-slim'), /Node LTS/],
    ['no NODE_ENV', (t: string) => t.replace('NODE_ENV=production', 'NODE_ENV=development'), /NODE_ENV/],
  ])('catches %s', (_name, breakIt, expected) => {
    const broken = breakIt(DOCKERFILE);
    expect(broken).not.toEqual(DOCKERFILE);
    expect(checkDockerfile(broken).join('\n')).toMatch(expected);
  });

  it('.dockerignore keeps node_modules, dist and .git out of the build context, and the sources in', () => {
    expect(DOCKERIGNORE).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
    expect(DOCKERIGNORE).not.toEqual(expect.arrayContaining(['apps']));
  });
});

describe('docker/compose.yml (one machine)', () => {
  it('has healthchecks, matching ports, known env names, production auth and existing files', () => {
    expect(checkCompose(SINGLE, 'docker/compose.yml')).toEqual([]);
  });

  it('runs one API (projections off), one projector, one PostgreSQL and one KurrentDB node', () => {
    expect(checkSingleNode(SINGLE)).toEqual([]);
  });

  const breaks: [string, (d: Compose) => void, RegExp][] = [
    ['a service without a healthcheck', (d) => delete d.services.postgres.healthcheck, /postgres: no healthcheck/],
    ['a disabled healthcheck', (d) => (d.services.kurrentdb.healthcheck = { disable: true }), /kurrentdb: no healthcheck/],
    ['depends_on without service_healthy', (d) => ((d.services.api.depends_on as Record<string, { condition?: string }>).postgres.condition = 'service_started'), /without condition: service_healthy/],
    ['an env name the app does not read', (d) => ((d.services.api.environment as Env).PROJECTION = 'off'), /sets PROJECTION, which the app does not read/],
    ['no API_KEYS or OIDC', (d) => delete (d.services.api.environment as Env).API_KEYS, /production needs API_KEYS/],
    ['API_KEYS with an empty default', (d) => ((d.services.api.environment as Env).API_KEYS = '${API_KEYS:-}'), /production needs API_KEYS/],
    ['NODE_ENV development', (d) => ((d.services.projector.environment as Env).NODE_ENV = 'development'), /projector: NODE_ENV is not production/],
    ['the API on another port', (d) => ((d.services.api.environment as Env).PORT = '8000'), /PORT 8000, not 3000/],
    ['a published port the API does not listen on', (d) => (d.services.api.ports = ['3000:8000']), /publishes container port 8000/],
    ['the projector health on another port', (d) => ((d.services.projector.environment as Env).PROJECTOR_PORT = '3002'), /PROJECTOR_PORT 3002/],
    ['DATABASE_URL on another port', (d) => ((d.services.api.environment as Env).DATABASE_URL = 'postgres://audit@postgres:5433/audit'), /port 5433/],
    ['DATABASE_URL at a missing host', (d) => ((d.services.projector.environment as Env).DATABASE_URL = 'postgres://audit@db:5432/audit'), /names db, not a PostgreSQL/],
    ['KURRENTDB_URL on another port', (d) => ((d.services.api.environment as Env).KURRENTDB_URL = 'kurrentdb://kurrentdb:1113?tls=false'), /port 1113/],
    ['postgres without pg_isready', (d) => (d.services.postgres.healthcheck = { test: ['CMD', 'true'] }), /pg_isready/],
    ['an old PostgreSQL', (d) => (d.services.postgres.image = 'postgres:12'), /not PostgreSQL 15 or 16/],
    ['an undeclared named volume', (d) => (d.services.api.volumes = ['api-files:/app/data']), /api-files is not declared/],
    ['a missing Dockerfile', (d) => ((d.services.api.build as { dockerfile: string }).dockerfile = 'Dockerfile'), /does not exist in the build context/],
    ['a command at a file the build does not make', (d) => (d.services.api.command = ['node', 'dist/apps/api/main.js']), /no apps\/api\/main\.ts/],
    ['the API running projections beside the projector', (d) => ((d.services.api.environment as Env).PROJECTIONS = 'on'), /PROJECTIONS is not off/],
    ['a second KurrentDB node', (d) => (d.services.kurrentdb2 = clone(d.services.kurrentdb)), /2 KurrentDB nodes/],
  ];
  it.each(breaks)('catches %s', (_name, breakIt, expected) => {
    const broken = clone(SINGLE);
    breakIt(broken);
    expect([...checkCompose(broken, 'docker/compose.yml'), ...checkSingleNode(broken)].join('\n')).toMatch(expected);
  });
});

describe('docker/compose.cluster.yml (scale-out)', () => {
  it('has healthchecks, matching ports, known env names, production auth and existing files', () => {
    expect(Object.keys(CLUSTER_PROXIES)).toEqual(['proxy']);
    expect(checkCompose(CLUSTER, 'docker/compose.cluster.yml', CLUSTER_PROXIES)).toEqual([]);
  });

  it('runs api1 and api2 (projections off) behind the proxy, one projector, three KurrentDB nodes in a cluster of 3', () => {
    expect(checkCluster(CLUSTER)).toEqual([]);
  });

  const breaks: [string, (d: Compose) => void, RegExp][] = [
    ['an API instance running projections', (d) => (d.services.api2.environment = { ...(d.services.api2.environment as Env), PROJECTIONS: 'on' }), /api2: PROJECTIONS is not off/],
    ['a second projector', (d) => (d.services.projector2 = clone(d.services.projector)), /2 projectors/],
    ['no projector', (d) => delete d.services.projector, /0 projectors/],
    ['a third API instance the proxy does not know', (d) => (d.services.api3 = clone(d.services.api1)), /not api1 and api2|routes to/],
    ['a node with cluster size 1', (d) => (d.services.kurrentdb3.environment = { ...(d.services.kurrentdb3.environment as Env), KURRENTDB_CLUSTER_SIZE: '1' }), /kurrentdb3: cluster size is not 3/],
    ['a node without gossip seeds', (d) => delete (d.services.kurrentdb2.environment as Env).KURRENTDB_GOSSIP_SEED, /kurrentdb2: gossip seeds none/],
    ['a node seeding itself', (d) => ((d.services.kurrentdb1.environment as Env).KURRENTDB_GOSSIP_SEED = '172.28.53.11:2113,172.28.53.12:2113'), /kurrentdb1: gossip seeds/],
    ['two nodes', (d) => delete d.services.kurrentdb3, /2 KurrentDB nodes/],
    [
      'a client that knows one node',
      (d) => ((d.services.projector.environment as Env).KURRENTDB_URL = 'kurrentdb://kurrentdb1:2113?tls=false'),
      /projector: KURRENTDB_URL lists kurrentdb1, not every node/,
    ],
    ['a proxy without a healthcheck', (d) => delete d.services.proxy.healthcheck, /proxy: no healthcheck/],
    ['a proxy config that is not in the repository', (d) => (d.services.proxy.volumes = ['./nginx.conf:/etc/nginx/nginx.conf:ro']), /nginx\.conf, which is not in the repository/],
  ];
  it.each(breaks)('catches %s', (_name, breakIt, expected) => {
    const broken = clone(CLUSTER);
    breakIt(broken);
    const proxies = proxyConfigsOf(broken, 'docker/compose.cluster.yml');
    expect([...checkCompose(broken, 'docker/compose.cluster.yml', proxies), ...checkCluster(broken)].join('\n')).toMatch(expected);
  });

  it.each([
    ['routing to one instance', (c: string) => c.replace(/^\s*server api2 .*$/m, ''), /routes to api1:3000, not api1:3000, api2:3000/],
    ['routing to the wrong port', (c: string) => c.replace('api2:3000', 'api2:3001'), /api2:3001/],
    ['no health check of the instances', (c: string) => c.replace(/option httpchk GET \/api\/v1\/health/, 'option httpchk GET /'), /\/api\/v1\/health/],
    ['listening on another port than published', (c: string) => c.replace('bind :8080', 'bind :80'), /publishes 8080/],
  ])('catches a proxy config %s', (_name, breakIt, expected) => {
    const broken = breakIt(HAPROXY);
    expect(broken).not.toEqual(HAPROXY);
    expect(checkCompose(CLUSTER, 'docker/compose.cluster.yml', { proxy: broken }).join('\n')).toMatch(expected);
  });
});
