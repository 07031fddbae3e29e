import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/**
 * Requests per minute per client: by bearer token (hashed, so the limiter never
 * holds one) when there is one, else by address, so one noisy program cannot starve
 * the others; and ten times that per address, so inventing tokens does not escape
 * the limit. Over the limit: 429 in the API's error shape.
 *
 * Only the health checks named in `exemptPaths` (exact paths, GET or HEAD) go
 * unlimited, so that a monitor polling often is never refused; any other path, even one
 * ending in `/health`, is limited.
 */
export function rateLimiters(perMinute: number, exemptPaths: readonly string[]): RequestHandler[] {
  const exempt = new Set(exemptPaths);
  const skip = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && exempt.has(req.path);
  return [limiter(perMinute, clientKey, skip), limiter(perMinute * 10, (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`, skip)];
}

function clientKey(req: Request): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}`;
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

function limiter(perMinute: number, keyGenerator: (req: Request) => string, skip: (req: Request) => boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip,
    keyGenerator,
    handler: (_req, res) => {
      res.status(429).json({ statusCode: 429, error: 'Too Many Requests', message: [`more than ${perMinute} requests a minute from this client; slow down`] });
    },
  });
}
