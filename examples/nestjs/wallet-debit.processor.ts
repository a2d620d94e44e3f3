import { Process, Processor, OnQueueFailed } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { InjectConnection } from 'nest-knexjs';
import type { Knex } from 'knex';
import type { Job } from 'bull';

type DebitRequested = { userId: string; amountCents: number; reason: string };

@Processor('wallet')
export class WalletDebitProcessor {
  private readonly logger = new Logger(WalletDebitProcessor.name);

  constructor(@InjectConnection() private readonly knex: Knex) {}

  @Process({ name: 'debit', concurrency: 4 })
  async debit(job: Job<DebitRequested>) {
    const { userId, amountCents, reason } = job.data;
    await this.knex.transaction(async (trx) => {
      await trx('wallets')
        .where({ user_id: userId })
        .andWhere('balance_cents', '>=', amountCents)
        .decrement('balance_cents', amountCents);
      await trx('wallet_ledger').insert({ user_id: userId, delta_cents: -amountCents, reason, job_id: job.id });
    });
    this.logger.log(`debited ${amountCents} from ${userId}`);
  }

  @OnQueueFailed()
  onFailed(job: Job, err: Error) {
    this.logger.error(`debit job ${job.id} failed: ${err.message}`);
  }
}
