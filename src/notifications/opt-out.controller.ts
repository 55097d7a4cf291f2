import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { escapeHtml } from '../email/escape';
import { Public } from '../infra/http/auth.guard';
import { ProblemError } from '../infra/http/problem';
import { AppConfig } from '../config/app-config';
import { CandidatePrivacyService } from './candidate-privacy.service';
import type { OptOutAnswer } from './opt-out.api';
import { UnsubscribeLinks } from './unsubscribe-links';

// The routes and their answers are described in opt-out.api.ts (/docs).
@Controller('v1/candidates')
export class CandidateOptOutController {
  constructor(private readonly optOuts: CandidatePrivacyService) {}

  @Post(':id/opt-out')
  @HttpCode(200)
  async optOut(@Param('id') id: string): Promise<OptOutAnswer> {
    const result = await this.optOuts.optOut(id);
    if (!result) throw ProblemError.notFound(`No candidate with id ${JSON.stringify(id)} is known.`);
    return {
      candidate_id: result.candidateId,
      opted_out_at: result.optedOutAt.toISOString(),
      cancelled: result.cancelled,
    };
  }
}

/**
 * The signed link in every candidate email (List-Unsubscribe, RFC 8058). GET only shows a page with a
 * button, because mail scanners follow links; POST (the button, or the mail client's one-click
 * `List-Unsubscribe=One-Click`) opts out. The link is the credential: no bearer token.
 */
@Controller('v1/unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly optOuts: CandidatePrivacyService,
    private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  confirm(@Param('token') token: string): string {
    this.links.verify(token, new Date());
    return page(
      this.config.env.companyName,
      'Stop status updates?',
      `<p>You will no longer get automatic status updates about your application. Your recruiter can still write to you personally.</p>
<form method="post"><button type="submit" style="font-size:16px;padding:8px 16px;">Unsubscribe</button></form>`,
    );
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async unsubscribe(@Param('token') token: string): Promise<string> {
    const { candidateId } = this.links.verify(token, new Date());
    // An erased or unknown candidate gets the same answer: the link says nothing about who exists.
    await this.optOuts.optOut(candidateId);
    return page(
      this.config.env.companyName,
      'You are unsubscribed',
      '<p>You will not get automatic status updates any more. Your recruiter can still write to you personally.</p>',
    );
  }
}

function page(companyName: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em;line-height:1.5;">
<h1 style="font-size:1.4em;">${escapeHtml(title)}</h1>
${body}
<p style="color:#666;font-size:0.9em;">${escapeHtml(companyName)}</p>
</body></html>
`;
}
