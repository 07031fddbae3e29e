import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/composition';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { createRenderer } from './renderer.js';
import type { BrowserSession } from './session-store.js';

/** A request the page guard let through: the signed-in person and their session. */
export interface PageRequest extends Request {
  principal?: Principal;
  browserSession?: BrowserSession;
  /** The teams the reader may choose between in a filter (set by the page guard). */
  teamChoices?: string[];
}

/** Renders the pages' templates, with what every page needs (CSP nonce, who is signed in, CSRF token). */
@Injectable()
export class Pages {
  private readonly env: ReturnType<typeof createRenderer>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.env = createRenderer(config.policy);
  }

  render(req: PageRequest, res: Response, template: string, context: Record<string, unknown>, status = 200): void {
    const html = this.env.render(template, {
      cspNonce: res.locals.cspNonce as string,
      principal: req.principal,
      csrfToken: req.browserSession?.csrfToken,
      teamChoices: req.teamChoices,
      ...context,
    });
    res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(html);
  }
}
