import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '@app/composition';

/** Who is calling: from an API key or a verified single sign-on token. */
export interface Principal {
  /** Stable and non-secret: `api-key:<digest prefix>` or `oidc:<subject>`. Stored as the actor and in the access log. */
  id: string;
  role: Role;
  /** Set for a manager bound to one team: they see that team's data only. */
  teamId?: string;
  via: 'api-key' | 'oidc';
}

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The authenticated caller (the guard has run: routes without one are public and do not use this). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route the auth guard did not authenticate');
  return principal;
});
