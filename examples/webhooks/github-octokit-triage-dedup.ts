import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';
import { Octokit } from '@octokit/rest';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import Redis from 'ioredis';

const octokit = new Octokit({ auth: process.env.GITHUB_BOT_TOKEN });
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const redis = new Redis(process.env.REDIS_URL!);
const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

webhooks.on('issues.opened', async ({ id, payload }) => {
  const { repository, issue } = payload;
  const claimed = await redis.set(`gh-delivery:${id}`, '1', 'EX', 3 * 86400, 'NX');
  if (claimed !== 'OK') return;
  try {
    await octokit.issues.createComment({
      owner: repository.owner.login,
      repo: repository.name,
      issue_number: issue.number,
      body: `Thanks @${issue.user.login}! A maintainer will triage this within 2 working days.`,
    });
    await octokit.issues.addLabels({
      owner: repository.owner.login,
      repo: repository.name,
      issue_number: issue.number,
      labels: ['needs-triage'],
    });
    await pool.query(
      'INSERT INTO contributor_issues (github_login, repo, issue_number) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [issue.user.login, repository.full_name, issue.number],
    );
  } catch (err) {
    await redis.del(`gh-delivery:${id}`);
    throw err;
  }
});

createServer(createNodeMiddleware(webhooks, { path: '/api/github/webhooks' })).listen(3000);
