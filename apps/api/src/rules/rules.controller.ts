import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '../auth/auth.guard.js';
import { RULES } from '@app/domain';
import { type AppConfig, APP_CONFIG } from '@app/composition';

@ApiTags('rules')
@ApiBearerAuth()
@Allow(...READERS)
@Controller('rules')
export class RulesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Every drift rule, with the thresholds in force and their source' })
  rules() {
    return {
      policySource: this.config.policySource,
      rules: RULES.map(({ thresholds, ...rule }) => ({ ...rule, thresholds: thresholds(this.config.policy) })),
    };
  }
}
