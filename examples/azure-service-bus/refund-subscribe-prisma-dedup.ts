import { ServiceBusClient, type ServiceBusReceivedMessage, type ProcessErrorArgs } from '@azure/service-bus';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const client = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING!);

type RefundIssued = { refundId: string; walletId: string; amountCents: number };

export function startRefundSubscriber() {
  const receiver = client.createReceiver('refunds');

  return receiver.subscribe(
    {
      processMessage: async (message: ServiceBusReceivedMessage) => {
        if (!message.messageId) {
          await receiver.deadLetterMessage(message, { deadLetterReason: 'MissingMessageId' });
          return;
        }
        const messageId = String(message.messageId);
        const refund = message.body as RefundIssued;
        await prisma.$transaction(async (tx) => {
          const seen = await tx.processedMessage.findUnique({ where: { messageId } });
          if (seen) return;
          await tx.processedMessage.create({ data: { messageId, receivedAt: new Date() } });
          await tx.wallet.update({
            where: { id: refund.walletId },
            data: { balanceCents: { increment: refund.amountCents } },
          });
        });
        await receiver.completeMessage(message);
      },
      processError: async (args: ProcessErrorArgs) => {
        console.error(`service bus error from ${args.errorSource}`, args.error);
      },
    },
    { autoCompleteMessages: false, maxConcurrentCalls: 8 },
  );
}
