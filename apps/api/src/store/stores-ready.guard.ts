import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { StoreUnavailableError } from '@app/event-store';
import { StoreStartup } from '@app/composition';

const ANSWERS_WHILE_STARTING = 'answersWhileStarting';

/** For the routes that must answer before the stores are open (health, which says what is awaited). */
export const AnswersWhileStarting = () => SetMetadata(ANSWERS_WHILE_STARTING, true);

/**
 * Until every store is open (the API started while PostgreSQL was down), every other
 * request is answered 503 with Retry-After by the error filters, on the API and the
 * pages alike: none reaches a store that is not there yet.
 */
@Injectable()
export class StoresReadyGuard implements CanActivate {
  constructor(
    private readonly startup: StoreStartup,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.startup.ready) return true;
    if (this.reflector.getAllAndOverride<boolean>(ANSWERS_WHILE_STARTING, [context.getHandler(), context.getClass()])) return true;
    throw new StoreUnavailableError('starting: the stores are not open yet');
  }
}
