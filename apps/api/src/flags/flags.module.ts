import { Module } from '@nestjs/common';
import { FlagsController } from './flags.controller.js';
import { GetFlagsHandler } from './get-flags.handler.js';
import { GetUpcomingFlagsHandler } from './get-upcoming-flags.handler.js';

/** GET /flags: the open drift flags for a view; GET /flags/upcoming: what falls due next. */
@Module({ controllers: [FlagsController], providers: [GetFlagsHandler, GetUpcomingFlagsHandler] })
export class FlagsModule {}
