import { ForbiddenException, Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Role } from '@app/composition';
import { Authenticator, Unauthenticated } from './authenticator.js';
import type { AuthenticatedRequest } from './principal.js';

const ROLES_KEY = 'auth:roles';

/** Open to anyone (health). */
export const Public = () => SetMetadata(ROLES_KEY, 'public');
/** The roles that may call this route. A route that says nothing is for admins only (fail closed). */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const READERS: Role[] = ['manager', 'auditor', 'admin'];
export const RECORDERS: Role[] = ['auditor', 'admin'];

/** 401 without a valid bearer token, 403 when its role may not use the route. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<Role[] | 'public' | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? ['admin'];
    if (allowed === 'public') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    try {
      if (!token) throw new Unauthenticated('a bearer token is required (Authorization: Bearer <API key or sign-on token>)');
      req.principal = await this.authenticator.authenticate(token);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="practice-audit"');
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: [error.message] });
    }
    if (!allowed.includes(req.principal.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: [`the ${req.principal.role} role may not do this (allowed: ${allowed.join(', ')})`] });
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([^ ]{1,4096})$/i.exec(header ?? '');
  return match?.[1];
}
