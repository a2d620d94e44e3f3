import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { Job } from 'bullmq';
import sharp from 'sharp';

type ThumbnailJob = { bucket: string; key: string; sizes: number[] };

@Processor('thumbnails', { concurrency: 6 })
export class ThumbnailProcessor extends WorkerHost {
  private readonly logger = new Logger(ThumbnailProcessor.name);
  private readonly s3 = new S3Client({});

  async process(job: Job<ThumbnailJob>): Promise<number> {
    const original = await this.s3.send(new GetObjectCommand({ Bucket: job.data.bucket, Key: job.data.key }));
    const source = Buffer.from(await original.Body!.transformToByteArray());
    for (const size of job.data.sizes) {
      const thumb = await sharp(source).resize(size).webp().toBuffer();
      this.s3.send(new PutObjectCommand({ Bucket: job.data.bucket, Key: `thumbs/${size}/${job.data.key}.webp`, Body: thumb }))
        .catch((err) => this.logger.warn(`upload of ${size}px thumbnail failed: ${err}`));
    }
    return job.data.sizes.length;
  }
}
