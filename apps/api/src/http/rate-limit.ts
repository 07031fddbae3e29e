import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/**
 * Requests per minute per client: by bearer token (hashed, so the limiter never
 * holds one) when there is one, else by address, so one noisy program cannot starve
 * the others; and ten times that per address, so inventing tokens does not escape
 * the limit. Health checks are not limited. Over the limit: 429 in the API's error shape.
 */
export function rateLimiters(perMinute: number): RequestHandler[] {
  return [limiter(perMinute, clientKey), limiter(perMinute * 10, (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`)];
}

function clientKey(req: Request): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}`;
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

function limiter(perMinute: number, keyGenerator: (req: Request) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.path.endsWith('/health'),
    keyGenerator,
    handler: (_req, res) => {
      res.status(429).json({ statusCode: 429, error: 'Too Many Requests', message: [`more than ${perMinute} requests a minute from this client; slow down`] });
    },
  });
}
