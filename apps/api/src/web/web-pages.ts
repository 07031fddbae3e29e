import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NotFoundException, type INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { joinDateParts } from './page-query.js';
import { GOVUK_DIR, PUBLIC_DIR } from './renderer.js';

/**
 * The one part of MOJ Frontend the pages use: its sortable table, as an ES module that
 * carries its own copy of govuk-frontend's component base (the package's other build
 * imports `govuk-frontend` by bare name, which a browser cannot resolve without an import
 * map). Its few button styles are in our dashboard.css, not MOJ's whole stylesheet.
 */
const MOJ_SORTABLE_TABLE = path.join(path.dirname(createRequire(import.meta.url).resolve('@ministryofjustice/frontend/package.json')), 'moj/components/sortable-table/sortable-table.bundle.mjs');

/**
 * The pages' paths, outside the API's /api/v1 prefix. Not `dashboard` itself: that is
 * the API's GET /api/v1/dashboard, so /dashboard is sent on to /dashboard/home (which
 * lands each reader where their role starts).
 */
export const WEB_PATHS = ['/', 'dashboard/*path', 'sign-in', 'sign-in/*path', 'sign-out', 'auth/callback', 'accessibility', 'privacy', 'favicon.ico'];

/** A fresh nonce per response: the only inline script (govuk-frontend's `js-enabled` line) carries it. */
export function cspNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

/**
 * What the pages need from Express: cookies, the two small sign-in forms' bodies, and
 * the static assets. govuk-frontend's fonts are not served: GDS Transport is licensed
 * for GOV.UK only, and the styles fall back to Arial.
 */
export function useWebPages(app: INestApplication): void {
  app.use(cookieParser());
  app.use('/dashboard', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    const query = req.originalUrl.indexOf('?');
    res.redirect(303, `/dashboard/home${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  // A filter form's dates come as day, month and year fields: the page is the same view at its one shareable URL.
  app.use('/dashboard', (req: Request, res: Response, next: NextFunction) => {
    const joined = req.method === 'GET' ? joinDateParts(req.query) : undefined;
    if (!joined) return next();
    res.redirect(303, `${req.baseUrl}${req.path}?${new URLSearchParams(Object.entries(joined).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString()}`);
  });
  app.use(['/sign-in', '/sign-out'], express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }));
  const cacheFor = { index: false, fallthrough: false, maxAge: '1h' } as const;
  app.use('/assets/app', express.static(PUBLIC_DIR, cacheFor));
  app.use('/assets/fonts', (_req: Request, _res: Response, next: NextFunction) => next(new NotFoundException()));
  app.use('/assets/govuk-frontend.min.css', express.static(`${GOVUK_DIR}/govuk/govuk-frontend.min.css`, cacheFor));
  app.use('/assets/govuk-frontend.min.js', express.static(`${GOVUK_DIR}/govuk/govuk-frontend.min.js`, cacheFor));
  app.use('/assets/moj-sortable-table.mjs', express.static(MOJ_SORTABLE_TABLE, cacheFor));
  app.use('/assets', express.static(`${GOVUK_DIR}/govuk/assets`, cacheFor));
}
