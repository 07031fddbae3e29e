import { Module } from '@nestjs/common';
import { FlagsController } from './flags.controller.js';
import { GetFlagsHandler } from './get-flags.handler.js';

/** GET /flags: the open drift flags for a view. */
@Module({ controllers: [FlagsController], providers: [GetFlagsHandler] })
export class FlagsModule {}
