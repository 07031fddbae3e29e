import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { GetDashboardHandler } from './get-dashboard.handler.js';
import { GetTeamHandler } from './get-team.handler.js';

/** GET /dashboard: compliance per rule and team, with its 12-month series; and one team's week for the pages. */
@Module({ controllers: [DashboardController], providers: [GetDashboardHandler, GetTeamHandler] })
export class DashboardModule {}
