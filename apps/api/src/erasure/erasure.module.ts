import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller.js';
import { ErasureService } from './erasure.service.js';

/** Erasing a child's records (UK GDPR). */
@Module({ controllers: [ErasureController], providers: [ErasureService] })
export class ErasureModule {}
