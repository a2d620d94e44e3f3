/** Every supported message library. Adding a library is one module here plus its tests. */
import { amqplib } from './amqplib';
import { azureFunctions } from './azure-functions';
import { bull } from './bull';
import { bullmq } from './bullmq';
import { cloudFunctions } from './cloud-functions';
import { generic } from './generic';
import { graphileWorker } from './graphile-worker';
import { kafkajs } from './kafkajs';
import { kafkaNode } from './kafka-node';
import { lambda } from './lambda';
import { mqtt } from './mqtt';
import { nats } from './nats';
import { natsStreaming } from './nats-streaming';
import { nestjs } from './nestjs';
import { pgBoss } from './pg-boss';
import { pubsub } from './pubsub';
import { rascal } from './rascal';
import { rdkafka } from './rdkafka';
import { redisStreams } from './redis-streams';
import { serviceBus } from './service-bus';
import { sqsClient } from './sqs-client';
import { sqsConsumer } from './sqs-consumer';
import type { LibraryModule } from './types';
import { webhooks } from './webhooks';

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
  kafkaNode,
  rdkafka,
  azureFunctions,
  cloudFunctions,
  pgBoss,
  graphileWorker,
  rascal,
  mqtt,
  webhooks,
  generic,
];

export type { Delivery, HandlerSite, LibraryModule, MessageUnit, SettleModel, Candidates } from './types';
