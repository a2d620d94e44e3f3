import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';
import { Octokit } from '@octokit/rest';
import { createServer } from 'node:http';
import { Pool } from 'pg';

const octokit = new Octokit({ auth: process.env.GITHUB_BOT_TOKEN });
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

webhooks.on('issues.opened', async ({ id, payload }) => {
  const { repository, issue } = payload;
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
  await pool.query('UPDATE contributors SET issues_opened = issues_opened + 1 WHERE github_login = $1', [issue.user.login]);
  console.log(`delivery ${id}: triaged ${repository.full_name}#${issue.number}`);
});

createServer(createNodeMiddleware(webhooks, { path: '/api/github/webhooks' })).listen(3000);
