import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EmlFileTransport } from './eml-file.transport';
import { MailTransport } from './mail-transport';
import { SmtpTransport } from './smtp.transport';

/** Provides MailTransport: pooled SMTP when SMTP_URL is set, .eml files in MAIL_OUTBOX_DIR otherwise. */
@Module({
  providers: [
    {
      provide: MailTransport,
      inject: [AppConfig],
      useFactory: (config: AppConfig): MailTransport => {
        const { smtpUrl, mailOutboxDir, emailConcurrency } = config.env;
        if (smtpUrl) return new SmtpTransport(smtpUrl, { maxConnections: Math.min(emailConcurrency, 10) });
        // The worker's start-up line says where mail goes.
        new Logger('MailerModule').debug(
          `SMTP_URL is unset: emails are written as .eml files to ${mailOutboxDir}`,
        );
        return new EmlFileTransport(mailOutboxDir);
      },
    },
  ],
  exports: [MailTransport],
})
export class MailerModule {}
