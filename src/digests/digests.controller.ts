import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderDigest } from '../email/digest.template';
import type { ComposedDigest } from './compose/compose-digest';
import { ProblemError } from '../infra/http/problem';
import { parseRequest } from '../infra/http/request-validation';
import { type DigestAnswer, digestQuery, queueDigestsBody, type QueuedDigests } from './digests.api';
import { DigestsService } from './digests.service';
import { prefersHtml } from './prefers-html';

// The routes and their answers are described in digests.api.ts (/docs).
@Controller('v1')
export class DigestsController {
  constructor(private readonly digests: DigestsService) {}

  @Post('digests')
  @HttpCode(200)
  async queue(@Body() body: unknown): Promise<QueuedDigests> {
    const { recruiter_id: recruiterId, date } = parseRequest(queueDigestsBody, body ?? {}, 'digest request');
    let recruiters;
    if (recruiterId) {
      const recruiter = await this.digests.findRecruiter(recruiterId);
      if (!recruiter)
        throw ProblemError.notFound(`No recruiter with id ${JSON.stringify(recruiterId)} is known.`);
      recruiters = [recruiter];
    } else {
      recruiters = await this.digests.allRecruiters();
    }
    const summary = await this.digests.queueRequested(recruiters, date ?? null, new Date());
    return { queued: summary.queued, skipped: summary.skipped };
  }

  @Get('recruiters/:id/digest')
  async read(
    @Param('id') id: string,
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DigestAnswer | string> {
    const { date } = parseRequest(digestQuery, query ?? {}, 'query');
    const now = new Date();
    const recruiter = await this.digests.findDigestReader(id);
    if (!recruiter) throw ProblemError.notFound(`No recruiter with id ${JSON.stringify(id)} is known.`);
    const today = this.digests.localToday(recruiter, now);

    let digest: ComposedDigest;
    if (!date || date === today) {
      [digest] = await this.digests.composeMany([{ recruiter, localDate: today }], now);
    } else {
      const stored = await this.digests.storedDigest(id, date);
      if (!stored) throw ProblemError.notFound(`No digest is stored for ${JSON.stringify(id)} on ${date}.`);
      digest = stored;
    }

    void reply.header('vary', 'Accept').header('cache-control', 'no-store');
    if (prefersHtml(accept)) {
      void reply.type('text/html; charset=utf-8');
      return renderDigest(digest).html;
    }
    return digest;
  }
}
