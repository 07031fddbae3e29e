import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { shortText } from '@app/domain';
import { z } from 'zod';
import { Allow } from '../auth/auth.guard.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { SubjectParams } from '../subjects/subject-history.query.js';
import { ErasureService } from './erasure.service.js';

const ErasureRequest = z.strictObject({ reason: shortText.describe('Why, as a short reference (e.g. the erasure request or court order number)') });

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('children/:id/erasure')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @Allow('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Erase a child's records (admins only): their event data can never be read again; the trail keeps that it happened" })
  @ApiResponse({ status: 200, description: 'Erased (or already erased: the first erasure is returned)' })
  erase(@Param({ schema: SubjectParams }) params: z.infer<typeof SubjectParams>, @Body({ schema: ErasureRequest }) body: z.infer<typeof ErasureRequest>, @CurrentPrincipal() principal: Principal) {
    return this.erasure.erase(params.id, body.reason, principal);
  }
}
