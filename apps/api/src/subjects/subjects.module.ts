import { Module } from '@nestjs/common';
import { SubjectsController } from './subjects.controller.js';
import { GetSubjectHistoryHandler } from './get-subject-history.handler.js';

/** A child's or worker's timeline and flags (the API and the dashboard's subject pages). */
@Module({ controllers: [SubjectsController], providers: [GetSubjectHistoryHandler] })
export class SubjectsModule {}
