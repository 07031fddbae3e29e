import { Module } from '@nestjs/common';
import { RulesController } from './rules.controller.js';

/** GET /rules: every rule with its thresholds in force and its source. */
@Module({ controllers: [RulesController] })
export class RulesModule {}
