import { BrokerAsPromised, withDefaultConfig, type BrokerConfig } from 'rascal';
import axios from 'axios';
import { logger } from '../lib/logger';

type ShipmentRequested = { orderId: string; warehouse: string; lines: { sku: string; qty: number }[] };

export async function startFulfilmentBridge(config: BrokerConfig): Promise<BrokerAsPromised> {
  const broker = await BrokerAsPromised.create(withDefaultConfig(config));
  broker.on('error', (err) => logger.error({ err }, 'broker error'));

  const subscription = await broker.subscribe('shipment_requests');
  subscription.on('message', async (message, content: ShipmentRequested, ackOrNack) => {
    try {
      await axios.post(
        `${process.env.FULFILMENT_API}/v2/shipments`,
        { reference: content.orderId, warehouse: content.warehouse, lines: content.lines },
        { headers: { Authorization: `Bearer ${process.env.FULFILMENT_TOKEN}` }, timeout: 10_000 },
      );
      logger.info({ orderId: content.orderId }, 'shipment created at 3PL');
    } catch (err) {
      logger.error({ err, messageId: message.properties.messageId }, 'fulfilment API call failed');
    } finally {
      ackOrNack();
    }
  });
  subscription.on('invalid_content', (err, message, ackOrNack) => ackOrNack(err));
  subscription.on('error', (err) => logger.error({ err }, 'subscription error'));

  return broker;
}
