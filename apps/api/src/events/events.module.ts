import { Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';

/** Recording events over HTTP (the handler itself is in libs/composition). */
@Module({ controllers: [EventsController] })
export class EventsModule {}
