import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import axios from 'axios';

const client = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING!);

type PickListReady = { orderId: string; warehouseId: string; lines: { sku: string; qty: number }[] };

async function notifyWarehouse(pick: PickListReady): Promise<void> {
  await axios.post(`https://wms.example.com/warehouses/${pick.warehouseId}/pick-lists`, pick, {
    headers: { 'x-api-key': process.env.WMS_API_KEY! },
  });
}

export function start() {
  const receiver = client.createReceiver('fulfilment', 'wms-bridge');
  return receiver.subscribe({
    processMessage: async (message: ServiceBusReceivedMessage) => {
      const pick = message.body as PickListReady;
      if (pick.lines.length === 0) return;
      void notifyWarehouse(pick);
    },
    processError: async ({ error, errorSource }) => {
      console.error(`wms bridge ${errorSource} error`, error);
    },
  });
}
