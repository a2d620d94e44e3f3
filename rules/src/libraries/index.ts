/** Every supported message library. Adding a library is one module here plus its tests. */
import { amqplib } from './amqplib';
import { bull } from './bull';
import { bullmq } from './bullmq';
import { generic } from './generic';
import { kafkajs } from './kafkajs';
import { lambda } from './lambda';
import { nats } from './nats';
import { natsStreaming } from './nats-streaming';
import { nestjs } from './nestjs';
import { pubsub } from './pubsub';
import { redisStreams } from './redis-streams';
import { serviceBus } from './service-bus';
import { sqsClient } from './sqs-client';
import { sqsConsumer } from './sqs-consumer';
import type { LibraryModule } from './types';

export const LIBRARIES: readonly LibraryModule[] = [
  kafkajs,
  amqplib,
  sqsClient,
  sqsConsumer,
  lambda,
  pubsub,
  bullmq,
  bull,
  nats,
  natsStreaming,
  serviceBus,
  redisStreams,
  nestjs,
  generic,
];

export type { Delivery, HandlerSite, LibraryModule, MessageUnit, SettleModel, Candidates } from './types';
