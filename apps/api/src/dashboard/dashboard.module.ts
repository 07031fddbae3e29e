import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { GetDashboardHandler } from './get-dashboard.handler.js';

/** GET /dashboard: compliance per rule and team, with its 12-month series. */
@Module({ controllers: [DashboardController], providers: [GetDashboardHandler] })
export class DashboardModule {}
